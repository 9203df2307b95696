// End to end (issue #15, "Right"): the bundled action on GitHub-shaped events against a real
// registry and the @actions/cache emulator. A pull request that adds a destination plans every
// image of that manifest to it; one that removes a destination plans nothing and says so; a
// malformed digest a pull request adds fails the check at its line; a reconcile finds an image a
// destination lost inside the cache window and promotes it again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCacheService, type CacheService } from '../harness/actions-cache-service.js'
import { buildImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { imagesYaml, promoterManifestYaml, pushImage } from '../harness/seed.js'
import { fillEvent, gitIn, runAction, type ActionRun } from './actions-env.js'

let registry: TestRegistry
let cache: CacheService
const digests: Record<string, string> = {}
const scratch = mkdtempSync(join(tmpdir(), 'e2e-pr-right-'))
const runnerTemp = join(scratch, 'runner-temp')

beforeAll(async () => {
  ;[registry, cache] = await Promise.all([startRegistry(), startCacheService()])
  digests.app = await pushImage(registry, 'staging/app', buildImage({ seed: 'pr-right/app' }))
  digests.tool = await pushImage(registry, 'staging/tool', buildImage({ seed: 'pr-right/tool' }))
}, 120_000)

afterAll(async () => {
  await Promise.all([registry?.stop(), cache?.stop()])
  rmSync(scratch, { recursive: true, force: true })
})

const IMAGES = (): string =>
  imagesYaml([
    { name: 'app', digest: digests.app!, tags: ['1.0'] },
    { name: 'tool', digest: digests.tool!, tags: ['2.0'] }
  ])

/** A git workspace holding k8s.io/ as thin manifests; returns a function that commits a state. */
function workspaceWith(name: string): {
  dir: string
  commit: (destinations: string[], images: string) => string
} {
  const dir = join(scratch, name)
  mkdirSync(join(dir, 'k8s.io/manifests/staging'), { recursive: true })
  mkdirSync(join(dir, 'k8s.io/images/staging'), { recursive: true })
  gitIn(dir, 'init', '-q', '-b', 'main')
  return {
    dir,
    commit: (destinations, images) => {
      writeFileSync(
        join(dir, 'k8s.io/manifests/staging/promoter-manifest.yaml'),
        promoterManifestYaml(`${registry.host}/staging`, destinations)
      )
      writeFileSync(join(dir, 'k8s.io/images/staging/images.yaml'), images)
      gitIn(dir, 'add', '-A')
      gitIn(dir, 'commit', '-qm', 'change', '--allow-empty')
      return gitIn(dir, 'rev-parse', 'HEAD')
    }
  }
}

function run(
  workspace: string,
  event: string,
  shas: Record<string, string>,
  inputs: Record<string, string> = {}
): Promise<ActionRun> {
  rmSync(runnerTemp, { recursive: true, force: true })
  mkdirSync(runnerTemp)
  return runAction({
    event,
    payload: event === 'schedule' ? fillEvent('schedule', {}) : fillEvent(event, shas),
    workspace,
    inputs: {
      'thin-manifest-dir': 'k8s.io',
      'github-token': 'ghs_test_token_value',
      provenance: 'off',
      sign: 'false',
      ...inputs
    },
    env: { ...cache.env(runnerTemp, workspace), GITHUB_SHA: shas.HEAD ?? '' }
  })
}

const planReport = (r: ActionRun): { counts: Record<string, number> } =>
  JSON.parse(readFileSync(r.outputs['plan-report']!, 'utf8')) as { counts: Record<string, number> }

describe('diff scope on edges, through the bundled action', () => {
  it('a pull request adding a destination plans every image of that manifest to it', async () => {
    const ws = workspaceWith('add-destination')
    const BASE = ws.commit([`${registry.host}/prod`], IMAGES())
    const HEAD = ws.commit([`${registry.host}/prod`, `${registry.host}/mirror`], IMAGES())
    const result = await run(ws.dir, 'pull_request', { BASE, HEAD })
    expect(result.outputs).toMatchObject({ planned: '2', outcome: 'success' })
    const promotions = result.runReport.promotions as Array<{
      image: string
      destinations: string[]
    }>
    expect(promotions.map((p) => [p.image, p.destinations])).toEqual([
      ['app', [`${registry.host}/mirror`]],
      ['tool', [`${registry.host}/mirror`]]
    ])
  }, 120_000)

  it('a pull request removing a destination plans nothing and says so', async () => {
    const ws = workspaceWith('remove-destination')
    const BASE = ws.commit([`${registry.host}/prod`, `${registry.host}/mirror`], IMAGES())
    const HEAD = ws.commit([`${registry.host}/prod`], IMAGES())
    const result = await run(ws.dir, 'pull_request', { BASE, HEAD })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ planned: '0', outcome: 'nothing-to-do' })
    expect(result.runReport.stopReason).toContain(
      `destination ${registry.host}/mirror removed from the manifests (2 images, 2 edges)`
    )
    expect(result.runReport.removedDestinations).toEqual([
      { registry: `${registry.host}/mirror`, images: 2, edges: 2, whole: true }
    ])
  }, 120_000)

  it('a pull request adding a malformed digest fails at its line; one already there stays a warning', async () => {
    const ws = workspaceWith('malformed')
    const old = `- name: old\n  dmap:\n    "sha256:0123456789ab": ["0.1"]\n`
    const BASE = ws.commit([`${registry.host}/prod`], IMAGES() + old)
    const typo = `- name: typo\n  dmap:\n    "sha256:abcdefabcdef": ["3.0"]\n`
    const HEAD = ws.commit([`${registry.host}/prod`], IMAGES() + old + typo)
    const result = await run(ws.dir, 'pull_request', { BASE, HEAD })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failure')
    // images.yaml: app (lines 1-3), tool (4-6), old (7-9), typo (10-12)
    expect(result.stdout).toMatch(
      /::error title=[^,]*,file=k8s\.io\/images\/staging\/images\.yaml,line=12,col=5::.*invalid digest "sha256:abcdefabcdef"/
    )
    expect(result.stdout).not.toMatch(/::error [^\n]*images\.yaml,line=9,/)
    expect(result.stdout).toMatch(/::warning [^\n]*images\.yaml,line=9,/)
    // one finding per line: the refusal replaces the validator's warning about the same entry
    expect(result.stdout).not.toMatch(/::warning [^\n]*images\.yaml,line=12,/)
    // a gate reading the plan JSON sees the refused entry as an error
    expect(planReport(result).counts).toMatchObject({ error: 1 })
    expect((result.runReport.counts as { errors: number }).errors).toBe(1)
    // the reports are where the next step can upload them, outside the checkout
    const dir = result.outputs['report-dir']!
    expect(readdirSync(dir).sort()).toEqual(['plan-report.json', 'run-report.json'])
    expect(dir.startsWith(runnerTemp)).toBe(true)
  }, 120_000)
})

describe('reconcile reads the destinations live', () => {
  it('finds an image a destination lost inside the cache window and promotes it again', async () => {
    const ws = workspaceWith('reconcile')
    const HEAD = ws.commit([`${registry.host}/live`], IMAGES())
    const first = await run(
      ws.dir,
      'workflow_dispatch',
      { HEAD },
      { scope: 'all', confirm: 'true' }
    )
    expect(first.outputs).toMatchObject({ 'promoted-count': '2', outcome: 'success' })
    expect(first.stdout).toContain('saved cache')
    // Someone deletes live/tool minutes later: the saved cache still says it is there.
    const gone = await fetch(`${registry.url}/v2/live/tool/manifests/${digests.tool}`, {
      method: 'DELETE'
    })
    expect(gone.status).toBe(202)
    const check = await run(
      ws.dir,
      'workflow_dispatch',
      { HEAD },
      { scope: 'all', confirm: 'false' }
    )
    expect(check.stdout).toContain('restored cache')
    expect(check.outputs).toMatchObject({ planned: '1' })
    const reconcile = await run(ws.dir, 'schedule', { HEAD })
    expect(reconcile.outputs).toMatchObject({ 'promoted-count': '1', outcome: 'success' })
    const head = await fetch(`${registry.url}/v2/live/tool/manifests/2.0`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' }
    })
    expect(head.headers.get('docker-content-digest')).toBe(digests.tool)
    // the workspace is left clean: nothing untracked after any of these runs
    expect(gitIn(ws.dir, 'status', '--porcelain', '--untracked-files=all')).toBe('')
  }, 180_000)
})
