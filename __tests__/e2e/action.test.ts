// End to end: the bundled action (dist/index.js) in a captured Actions environment, against a real
// registry, the real @actions/cache talking to the cache-service emulator, real sigstore-js
// talking to @sigstore/mock services over HTTP, and a loopback stand-in for GitHub's REST API
// (the only mock: GitHub's API cannot run here).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCacheService, type CacheService } from '../harness/actions-cache-service.js'
import { startGitHubApi, type GitHubApiStandIn } from '../harness/github-api.js'
import { buildImage, buildIndex } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, pushIndex, promoterManifestYaml } from '../harness/seed.js'
import { startSigstoreMocks, type SigstoreMocks } from '../harness/sigstore-mock.js'
import { InventoryCache } from '../../src/plan/cache.js'
import { fillEvent, gitIn, runAction, type ActionRun } from './actions-env.js'

const WORKFLOW_REF = 'o/r/.github/workflows/promote.yml@refs/heads/main'
const IDENTITY = `https://github.com/${WORKFLOW_REF}`
const ISSUER = 'https://token.actions.githubusercontent.com'

let registry: TestRegistry
let sigstore: SigstoreMocks
let cache: CacheService
let api: GitHubApiStandIn
let workspace: string
let shas: { BASE: string; HEAD: string }
const digests: Record<string, string> = {}

function git(...args: string[]): string {
  return gitIn(workspace, ...args)
}

function imagesYaml(withTool: boolean): string {
  const lines = ['- name: app', '  dmap:', `    "${digests.app}": ["1.0"]`]
  if (withTool)
    lines.push(
      '- name: tool',
      '  dmap:',
      `    "${digests.tool}": ["2.0"]`,
      `    "${digests.lost}": ["2.1"]`
    )
  return `${lines.join('\n')}\n`
}

beforeAll(async () => {
  ;[registry, sigstore, cache, api] = await Promise.all([
    startRegistry(),
    startSigstoreMocks(),
    startCacheService(),
    startGitHubApi()
  ])
  const app = buildIndex(
    ['amd64', 'arm64'].map((architecture, i) =>
      buildImage({ seed: `e2e/app/${i}`, platform: { os: 'linux', architecture } })
    )
  )
  const tool = buildImage({ seed: 'e2e/tool', family: 'docker' })
  digests.app = await pushIndex(registry, 'staging/app', app)
  digests.tool = await pushImage(registry, 'staging/tool', tool)
  digests.lost = buildImage({ seed: 'e2e/never-pushed' }).manifest.digest
  workspace = mkdtempSync(join(tmpdir(), 'workspace-'))
  mkdirSync(join(workspace, 'k8s.io/manifests/staging'), { recursive: true })
  mkdirSync(join(workspace, 'k8s.io/images/staging'), { recursive: true })
  writeFileSync(
    join(workspace, 'k8s.io/manifests/staging/promoter-manifest.yaml'),
    promoterManifestYaml(`${registry.host}/staging`, [`${registry.host}/prod`])
  )
  writeFileSync(join(workspace, 'k8s.io/images/staging/images.yaml'), imagesYaml(false))
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('commit', '-qm', 'base')
  writeFileSync(join(workspace, 'k8s.io/images/staging/images.yaml'), imagesYaml(true))
  git('commit', '-qam', 'add tool')
  shas = { BASE: git('rev-parse', 'HEAD^'), HEAD: git('rev-parse', 'HEAD') }
}, 120_000)

afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop(), cache?.stop(), api?.stop()])
  rmSync(runnerTemp, { recursive: true, force: true })
})

/**
 * RUNNER_TEMP, as on a hosted runner: the same path in every job, empty when a job starts. The
 * Action keeps its caches there (outside the checkout), and @actions/cache restores them there.
 */
const runnerTemp = join(tmpdir(), `e2e-runner-temp-${process.pid}`)

function run(event: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  rmSync(runnerTemp, { recursive: true, force: true })
  mkdirSync(runnerTemp)
  return runAction({
    event,
    payload: fillEvent(event, shas),
    workspace,
    inputs: {
      'thin-manifest-dir': 'k8s.io',
      'github-token': 'ghs_test_token_value',
      'trusted-root': sigstore.trustedRootPath,
      'fulcio-url': sigstore.fulcioURL,
      'rekor-url': sigstore.rekorURL,
      provenance: 'off',
      ...inputs
    },
    env: {
      ...cache.env(runnerTemp, workspace),
      GITHUB_API_URL: api.url,
      GITHUB_SHA: shas.HEAD,
      GITHUB_WORKFLOW_REF: WORKFLOW_REF,
      SIGSTORE_ID_TOKEN: sigstore.token(IDENTITY, ISSUER)
    }
  })
}

const writesSince = async (mark: number): Promise<number> => {
  const s = await registry.accessLog.summary(mark)
  return ['PUT', 'POST', 'PATCH', 'DELETE'].reduce((n, m) => n + (s.byMethod[m] ?? 0), 0)
}

describe('the bundled action', () => {
  it('pull_request: plans the change read-only, annotates the lost digest, comments once and edits in place', async () => {
    const mark = await registry.accessLog.mark()
    const first = await run('pull_request', { comment: 'update' })
    expect(first.code).toBe(1)
    expect(first.stdout).toMatch(
      /::error title=image-promoter%3A lost,file=k8s\.io\/images\/staging\/images\.yaml,line=7,col=5::/
    )
    expect(first.outputs).toMatchObject({
      planned: '1',
      lost: '1',
      'promoted-count': '0',
      promoted: '[]',
      outcome: 'failure',
      result: 'failure'
    })
    expect(first.summary).toMatch(/^## ❌ image-promoter check failed: 1 error\n/)
    expect(first.summary).toContain('| tool |')
    expect(Buffer.byteLength(first.summary)).toBeLessThan(1024 * 1024)
    expect(api.comments).toHaveLength(1)
    const commentId = api.comments[0]!.id
    const second = await run('pull_request', { comment: 'update' })
    expect(second.code).toBe(1)
    expect(api.comments).toHaveLength(1)
    expect(api.comments[0]!.id).toBe(commentId)
    expect(api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1)
    expect(await writesSince(mark)).toBe(0)
    expect(cache.entries()).toHaveLength(0)
    // `::add-mask::` lines register secrets with the runner, which never shows them.
    const shown = first.stdout.replace(/^::add-mask::.*$/gm, '')
    for (const out of [shown, first.stderr, first.summary, JSON.stringify(first.runReport)]) {
      expect(out).not.toContain('ghs_test_token_value')
    }
  }, 120_000)

  it('push: promotes what changed, signs and attests keylessly, saves the cache', async () => {
    // A merged pull request committed a cache claiming prod/tool:2.0 exists, read "in the future"
    // (where the cache used to live). Nothing in the workspace is trusted state: it is ignored.
    const planted = new InventoryCache(join(workspace, '.image-promoter-cache', 'inventory'), {
      now: () => Date.now() + 10 * 365 * 86_400_000
    })
    planted.recordTag(`${registry.host}/prod/tool`, '2.0', digests.tool!)
    planted.recordDigest(`${registry.host}/prod/tool`, digests.tool!, true)
    expect(await planted.save()).toBe(true)
    const result = await run('push', { allow: 'lost' })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      planned: '1',
      'promoted-count': '1',
      lost: '1',
      signed: '1',
      attested: '1',
      outcome: 'success'
    })
    expect(JSON.parse(result.outputs.promoted!)).toEqual([
      {
        image: 'tool',
        digest: digests.tool,
        tags: ['2.0'],
        destinations: [`${registry.host}/prod`]
      }
    ])
    const plan = JSON.parse(result.outputs.plan!) as { counts: object; edges: object[] }
    expect(plan.counts).toMatchObject({ total: 2, promote: 1, lost: 1 })
    expect(plan.edges).toHaveLength(2)
    expect(result.stdout).toMatch(
      /::warning title=image-promoter%3A lost,file=k8s\.io\/images\/staging\/images\.yaml,line=7/
    )
    const head = await fetch(`${registry.url}/v2/prod/tool/manifests/2.0`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' }
    })
    expect(head.headers.get('docker-content-digest')).toBe(digests.tool)
    const sig = await fetch(
      `${registry.url}/v2/prod/tool/manifests/${digests.tool.replace(':', '-')}.sig`,
      { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } }
    )
    expect(sig.status).toBe(200)
    expect(sigstore.stats.fulcio).toBe(1)
    expect(cache.entries()).toHaveLength(1)
  }, 120_000)

  it('a pull request restores the cache (saved in RUNNER_TEMP) and plans with fewer requests; a push reads live', async () => {
    const second = await run('push', { allow: 'lost' })
    expect(second.stdout).toContain('restored cache')
    expect(second.outputs).toMatchObject({
      'promoted-count': '0',
      promoted: '[]',
      signed: '0',
      attested: '0'
    })
    const coldPush = await run('push', { allow: 'lost', cache: 'false' })
    // a run that writes decides from live reads only, cache or not
    expect(second.runReport.requests.total).toBe(coldPush.runReport.requests.total)
    const warm = await run('pull_request')
    expect(warm.stdout).toContain('restored cache')
    const cold = await run('pull_request', { cache: 'false' })
    expect(warm.runReport.requests.total).toBeLessThan(cold.runReport.requests.total)
    // the Action never writes its cache into the checkout
    expect(existsSync(join(workspace, '.image-promoter-cache', 'tuf'))).toBe(false)
  }, 180_000)

  it('workflow_dispatch: scope all with confirm promotes the rest', async () => {
    const result = await run('workflow_dispatch', { scope: 'all', confirm: 'true', allow: 'lost' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      'promoted-count': '1',
      outcome: 'success',
      result: 'success'
    })
    // `promoted` says what downstream steps can now pull: exactly the edge this run made true.
    expect(JSON.parse(result.outputs.promoted!)).toEqual([
      { image: 'app', digest: digests.app, tags: ['1.0'], destinations: [`${registry.host}/prod`] }
    ])
    const head = await fetch(`${registry.url}/v2/prod/app/manifests/1.0`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.index.v1+json' }
    })
    expect(head.headers.get('docker-content-digest')).toBe(digests.app)
  }, 120_000)
})
