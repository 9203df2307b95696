// End to end (issue #15): the summary and the PR comment the bundled Action writes for an input
// error, for a 500-edge pull request (size, order, grouping, links to the right manifest lines),
// and for manifest text carrying @mentions, newlines and markdown. Real registry on loopback; the
// GitHub REST API is the loopback stand-in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGitHubApi, type GitHubApiStandIn } from '../harness/github-api.js'
import { buildImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { imagesYaml, promoterManifestYaml, pushImage } from '../harness/seed.js'
import { fillEvent, gitIn, runAction, type ActionRun } from './actions-env.js'

let registry: TestRegistry
let api: GitHubApiStandIn

beforeAll(async () => {
  ;[registry, api] = await Promise.all([startRegistry(), startGitHubApi()])
}, 60_000)

afterAll(async () => {
  await Promise.all([registry?.stop(), api?.stop()])
})

interface Workspace {
  dir: string
  shas: { BASE: string; HEAD: string }
}

/** A thin-manifest repository whose head commit writes `images` over an empty base. */
function workspaceWith(destinations: string[], images: string): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'summary-ws-'))
  mkdirSync(join(dir, 'k8s.io/manifests/staging'), { recursive: true })
  mkdirSync(join(dir, 'k8s.io/images/staging'), { recursive: true })
  writeFileSync(
    join(dir, 'k8s.io/manifests/staging/promoter-manifest.yaml'),
    promoterManifestYaml(`${registry.host}/staging`, destinations)
  )
  writeFileSync(join(dir, 'k8s.io/images/staging/images.yaml'), '')
  gitIn(dir, 'init', '-q', '-b', 'main')
  gitIn(dir, 'add', '.')
  gitIn(dir, 'commit', '-qm', 'base')
  writeFileSync(join(dir, 'k8s.io/images/staging/images.yaml'), images)
  gitIn(dir, 'commit', '-qam', 'change', '--allow-empty')
  return {
    dir,
    shas: { BASE: gitIn(dir, 'rev-parse', 'HEAD^'), HEAD: gitIn(dir, 'rev-parse', 'HEAD') }
  }
}

function check(ws: Workspace, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    event: 'pull_request',
    payload: fillEvent('pull_request', ws.shas),
    workspace: ws.dir,
    inputs: {
      'thin-manifest-dir': 'k8s.io',
      'github-token': 'ghs_summary_test_token',
      provenance: 'off',
      cache: 'false',
      ...inputs
    },
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_SHA: ws.shas.HEAD,
      GITHUB_SERVER_URL: 'https://github.com'
    }
  })
}

describe('the bundled action summary', () => {
  it('an input error still writes a summary that names it, and the result outputs', async () => {
    const ws = workspaceWith([`${registry.host}/prod`], '')
    const run = await check(ws, { scope: 'bogus' })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'failure', outcome: 'failure', promoted: '[]' })
    if (process.env.SHOW_SUMMARY) console.log(run.summary)
    expect(run.summary).toMatch(/^## ❌ image-promoter could not start: 1 error\n/)
    expect(run.summary).toMatch(/scope.*bogus/)
    expect(run.summary).not.toMatch(/\b0 errors/)
    expect(run.stdout).toMatch(/::error::image-promoter: .*scope/)
  }, 60_000)

  it('500-edge pull request: verdict first, grouped by image, warnings folded, rows linked to their digest lines, under the limits', async () => {
    const destinations = [1, 2, 3, 4, 5].map((n) => `${registry.host}/prod-${n}`)
    const entries: Array<{ name: string; digest: string; tags: string[] }> = []
    for (let i = 0; i < 10; i++) {
      for (let d = 0; d < 5; d++) {
        const image = buildImage({ seed: `summary/${i}/${d}`, layers: [64] })
        // One digest of every other image is never pushed: 5 lost digests, 50 lost edges.
        if (!(d === 4 && i % 2 === 0)) await pushImage(registry, `staging/img-${i}`, image)
        entries.push({
          name: `img-${i}`,
          digest: image.manifest.digest,
          tags: [`v${d}.0`, `v${d}`]
        })
      }
    }
    const ws = workspaceWith(destinations, imagesYaml(entries))
    const run = await check(ws, { allow: 'lost', comment: 'update' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ result: 'success', planned: '450', lost: '50' })
    const s = run.summary
    if (process.env.SHOW_SUMMARY) console.log(s)
    expect(s).toMatch(/^## ✅ image-promoter check passed, 5 warnings\n/)
    expect(s).toContain(
      '**On merge this promotes 10 images** (45 digests, 90 tags) **to 5 destinations**: 450 edges.'
    )
    expect(s).toContain('Edges: **450** to promote · **50** source lost')
    const order = ['### Promotions by image', '### Problems', '#### ⚠️ 5 warnings', 'Phases and']
    const positions = order.map((h) => s.indexOf(h))
    expect(positions.every((p) => p > 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    // Five lost digests are one folded line with the count, each entry linked.
    expect(s.match(/<summary>⚠️ <b>lost<\/b> × 5: /g)).toHaveLength(1)
    // Every linked row and problem points at this commit's manifest line with that digest.
    const file = readFileSync(join(ws.dir, 'k8s.io/images/staging/images.yaml'), 'utf8').split('\n')
    const blob = `https://github.com/o/r/blob/${ws.shas.HEAD}/k8s.io/images/staging/images.yaml#L`
    const rows = s.split('\n').filter((l) => l.startsWith('| img-'))
    expect(rows.length).toBe(10 + 50)
    const linked = [...s.matchAll(/\[`([0-9a-f]{12})`\]\((\S+?)\)/g)]
    expect(linked).toHaveLength(50)
    for (const [, short, url] of linked) {
      expect(url!.startsWith(blob)).toBe(true)
      expect(file[Number(url!.slice(blob.length)) - 1]).toContain(`sha256:${short}`)
    }
    expect(s.match(new RegExp(`\\]\\(${blob.replace(/[.?]/g, '\\$&')}\\d+\\)`, 'g'))!.length).toBe(
      50 + 10 + 5
    )
    expect(Buffer.byteLength(s)).toBeLessThan(1024 * 1024)
    const comment = api.comments.at(-1)!.body
    expect(comment.length).toBeLessThan(65_536)
    expect(comment).toMatch(/^<!-- image-promoter:plan -->\n## ✅ image-promoter check passed/)
    const plan = JSON.parse(run.outputs.plan!) as { counts: { total: number; promote: number } }
    expect(plan.counts).toMatchObject({ total: 500, promote: 450 })
  }, 240_000)

  it('manifest text with @mentions, newlines and markdown stays inert in the summary and the comment', async () => {
    const image = buildImage({ seed: 'summary/mentions', layers: [64] })
    await pushImage(registry, 'staging/mention', image)
    const hostile =
      'v1 @kubernetes/release-managers\\n**bold** <img src=x> [x](https://evil.example) #1'
    const ws = workspaceWith(
      [`${registry.host}/prod`],
      `- name: mention\n  dmap:\n    "${image.manifest.digest}": ["${hostile}"]\n`
    )
    const before = api.comments.length
    const run = await check(ws, { comment: 'update' })
    const comment = api.comments.at(-1)!.body
    expect(api.comments.length).toBeGreaterThanOrEqual(before)
    if (process.env.SHOW_SUMMARY) console.log(run.summary)
    for (const text of [run.summary, comment]) {
      expect(text).toContain('release-managers')
      expect(text).not.toMatch(/@kubernetes|<img|\]\(https:\/\/evil|\n\*\*bold|#1\b/)
      expect(text).toContain('&#64;\u200Bkubernetes')
    }
  }, 120_000)

  it('wrong credentials and a refused connection: one line per host with the fix, not one per edge', async () => {
    const locked = await startRegistry({ auth: 'htpasswd' })
    try {
      const image = buildImage({ seed: 'summary/hosts', layers: [64] })
      await pushImage(registry, 'staging/hosts', image)
      const tags = ['v1', 'v1.0', 'v1.0.0', 'latest']
      const ws = workspaceWith(
        [`${locked.host}/prod`, '127.0.0.1:1/prod'],
        `- name: hosts\n  dmap:\n    "${image.manifest.digest}": [${tags.map((t) => `"${t}"`).join(', ')}]\n`
      )
      const run = await check(ws, {
        'registry-auth': JSON.stringify({
          [locked.host]: { username: 'testuser', password: 'wrong' }
        })
      })
      if (process.env.SHOW_SUMMARY) console.log(run.summary)
      expect(run.code).toBe(1)
      expect(run.outputs.result).toBe('failure')
      const hostLines = run.summary.split('\n').filter((l) => l.startsWith('<summary>❌ <b>'))
      expect(hostLines).toHaveLength(2)
      const [locking, refusing] = [locked.host, '127.0.0.1:1'].map((h) =>
        hostLines.find((l) => l.includes(`<b>${h.replace(':', '&#58;')}</b>`))!
      )
      expect(locking).toMatch(/: 4 problems, one cause · .*<code>registry-auth<\/code>/)
      expect(refusing).toMatch(/: 4 problems, one cause · no connection to the host/)
      expect(run.summary).not.toContain('wrong')
    } finally {
      await locked.stop()
    }
  }, 180_000)
})
