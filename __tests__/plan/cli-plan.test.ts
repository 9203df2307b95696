// `image-promoter plan` end to end: a thin-manifest tree in a git repository, a real registry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { parsePlanArgs } from '../../src/cli/commands/plan-args.js'
import { runCli } from '../harness/cli-in-process.js'
import { imagesYaml, promoterManifestYaml } from '../harness/kpromo-yaml.js'
import { buildImage } from '../harness/images.js'
import { pushImage } from '../harness/push.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { TempRepo } from './git-repo.js'

let registry: TestRegistry
let repo: TempRepo
let base: string
const A = buildImage({ seed: 'cli-a' })
const B = buildImage({ seed: 'cli-b' })
const LOST = buildImage({ seed: 'cli-lost' }).manifest.digest

const cli = (...args: string[]) => runCli(args, repo.dir)

beforeAll(async () => {
  registry = await startRegistry()
  await pushImage(registry, 'staging/foo', A)
  await pushImage(registry, 'staging/foo', B)
  await pushImage(registry, 'prod/foo', A, ['v1'])
  repo = new TempRepo()
  repo.write(
    'tree/manifests/p/promoter-manifest.yaml',
    promoterManifestYaml('registry.example/staging', ['registry.example/prod'])
  )
  repo.write(
    'tree/images/p/images.yaml',
    imagesYaml([{ name: 'foo', digest: A.manifest.digest, tags: ['v1'] }])
  )
  base = repo.commit('base')
  repo.write(
    'tree/images/p/images.yaml',
    imagesYaml([
      { name: 'foo', digest: A.manifest.digest, tags: ['v1'] },
      { name: 'foo', digest: B.manifest.digest, tags: ['v2'] }
    ])
  )
  repo.commit('add v2')
}, 60_000)

afterAll(async () => {
  await registry?.stop()
})

const map = () => ['--registry-map', `registry.example=${registry.host}`]

describe('image-promoter plan', () => {
  it('plans every edge with the registry map and prints text', async () => {
    const { code, stdout } = await cli('plan', '--thin-manifest-dir', 'tree', ...map())
    expect(stdout).toMatch(
      /^plan: 2 edges, 1 done, 1 to promote \(4 registry reads, \d+ HTTP, \d+ ms\)\n/
    )
    expect(stdout).toContain(
      `  promote  ${registry.host}/prod/foo:v2 <- ${registry.host}/staging/foo@${B.manifest.digest}`
    )
    expect(code).toBe(0)
  })

  it('takes the registry connection flags run takes', () => {
    const io = { stdout: () => {}, stderr: () => {}, cwd: repo.dir, env: {} }
    const args = parsePlanArgs(
      ['--manifest', 'm.yaml', '--max-requests-per-second', '7', '--max-concurrency', '3'].concat([
        '--insecure-registry',
        'mirror.internal:5000'
      ]),
      io
    )
    expect(args).toMatchObject({
      registry: {
        insecureHosts: ['mirror.internal:5000'],
        defaults: { requestsPerSecond: 7, concurrency: 3 }
      }
    })
  })

  it('--scope changed plans only the digests the commit added', async () => {
    const { code, stdout } = await cli(
      'plan',
      '--thin-manifest-dir',
      'tree',
      '--scope',
      'changed',
      '--base',
      base,
      '--json',
      ...map()
    )
    const json = JSON.parse(stdout)
    expect(json).toMatchObject({ schemaVersion: 1, counts: { total: 1, promote: 1 } })
    expect(json.edges[0]).toMatchObject({ tag: 'v2', position: { file: 'images/p/images.yaml' } })
    expect(code).toBe(0)
  })

  it('an empty scope is "nothing to promote" and success', async () => {
    const { code, stdout } = await cli(
      'plan',
      '--thin-manifest-dir',
      'tree',
      '--base',
      'HEAD',
      ...map()
    )
    expect([code, stdout]).toEqual([0, 'nothing to promote\n'])
  })

  it('lost edges fail the run unless allowed, naming file and line', async () => {
    repo.write(
      'tree/images/p/images.yaml',
      imagesYaml([{ name: 'foo', digest: LOST, tags: ['v9'] }])
    )
    const failed = await cli('plan', '--thin-manifest-dir', 'tree', ...map())
    expect(failed.code).toBe(1)
    expect(failed.stdout).toContain('  lost     ')
    expect(failed.stdout).toContain('(images/p/images.yaml:3:5)')
    expect(
      (await cli('plan', '--thin-manifest-dir', 'tree', '--allow', 'lost', ...map())).code
    ).toBe(0)
    repo.git('checkout', '--', '.')
  })

  it('plan --json counts a malformed entry as an error edge, so a gate cannot pass a typo (issue #15)', async () => {
    repo.write(
      'tree/images/p/images.yaml',
      imagesYaml([
        { name: 'foo', digest: A.manifest.digest, tags: ['v1'] },
        { name: 'foo', digest: 'sha256:0123456789ab', tags: ['v3'] }
      ])
    )
    const { code, stdout } = await cli('plan', '--thin-manifest-dir', 'tree', '--json', ...map())
    repo.git('checkout', '--', '.')
    expect(code).toBe(1)
    const json = JSON.parse(stdout)
    expect(json.counts).toMatchObject({ error: 1 })
    expect(json.edges.find((e: { state: string }) => e.state === 'error')).toMatchObject({
      digest: 'sha256:0123456789ab',
      tag: 'v3',
      reason: expect.stringContaining('invalid digest')
    })
  })

  it('writes and then uses the inventory cache', async () => {
    const cacheDir = join(repo.dir, '.cache')
    await cli('plan', '--thin-manifest-dir', 'tree', '--cache-dir', cacheDir, ...map())
    const warm = await cli(
      'plan',
      '--thin-manifest-dir',
      'tree',
      '--cache-dir',
      cacheDir,
      '--json',
      ...map()
    )
    const json = JSON.parse(warm.stdout)
    expect(json.edges.find((e: { tag: string }) => e.tag === 'v1')).toMatchObject({
      state: 'done',
      fromCache: true
    })
    expect(json.requests).toMatchObject({ destinationHeads: 1, sourceHeads: 1 })
  })

  it.each([
    [['plan'], 'exactly one of'],
    [['plan', '--manifest', 'x', '--scope', 'changed'], '--scope changed needs --base'],
    [['plan', '--manifest', 'x', '--allow', 'done'], 'expected --allow'],
    [['plan', '--manifest', 'x', '--registry-map', 'nonsense'], 'expected --registry-map FROM=TO'],
    [['plan', '--manifest', 'x', '--max-requests-per-second', '0'], 'expected --max-requests-per-'],
    [['plan', '--manifest', 'x', '--ca-file', 'no-such.pem'], 'cannot read --ca-file no-such.pem']
  ])('usage errors exit 2 or explain: %j', async (args, text) => {
    const { code, stderr } = await cli(...args)
    expect(code).toBeGreaterThan(0)
    expect(stderr).toContain(text)
  })
})
