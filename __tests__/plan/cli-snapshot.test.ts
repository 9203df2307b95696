// `image-promoter snapshot` against a real registry (catalog, tags) and from thin manifests.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runCli } from '../harness/cli-in-process.js'
import { buildImage, buildIndex } from '../harness/images.js'
import { imagesYaml, promoterManifestYaml } from '../harness/kpromo-yaml.js'
import { pushImage, pushIndex } from '../harness/push.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { TempRepo } from './git-repo.js'

let registry: TestRegistry
const cwd = new TempRepo().dir
const A = buildImage({ seed: 'snap-a' })
const B = buildImage({ seed: 'snap-b' })
const INDEX = buildIndex([
  buildImage({ seed: 'snap-c1' }),
  buildImage({ seed: 'snap-c2', platform: { os: 'linux', architecture: 'arm64' } })
])
const [a, b, ix] = [A.manifest.digest, B.manifest.digest, INDEX.manifest.digest]

async function cli(...args: string[]) {
  return cliIn(cwd, ...args)
}

const cliIn = (dir: string, ...args: string[]) => runCli(args, dir)

beforeAll(async () => {
  registry = await startRegistry()
  await pushImage(registry, 'prod/foo', A, ['v1', 'latest'])
  await pushImage(registry, 'prod/foo/sub', B, ['v2'])
  await pushIndex(registry, 'prod/multi', INDEX, ['v3'])
  await pushImage(registry, 'other/x', B, ['v9'])
}, 60_000)

afterAll(async () => {
  await registry?.stop()
})

describe('image-promoter snapshot', () => {
  it('prints every repository under the prefix from the catalog as yaml', async () => {
    const { code, stdout } = await cli('snapshot', `${registry.host}/prod`)
    expect(stdout).toBe(
      `- name: foo\n  dmap:\n    "${a}": ["latest", "v1"]\n` +
        `- name: foo/sub\n  dmap:\n    "${b}": ["v2"]\n` +
        `- name: multi\n  dmap:\n    "${ix}": ["v3"]\n\n`
    )
    expect(code).toBe(0)
  })

  it('csv, a repository list, --snapshot-tag and --minimal-snapshot', async () => {
    const { stdout } = await cli(
      'snapshot',
      `${registry.host}/prod`,
      '--repositories',
      'foo,multi',
      '--snapshot-tag',
      'v1',
      '--output',
      'CSV',
      '--minimal-snapshot'
    )
    expect(stdout).toBe(`foo@${a},foo:latest\nfoo@${a},foo:v1\n\n`)
  })

  it('--manifest-based honours thin-manifest directories', async () => {
    const repo = new TempRepo()
    repo.write(
      'm/manifests/p/promoter-manifest.yaml',
      promoterManifestYaml('s.example/staging', ['p.example/prod', 'p.example/prod/mirror'])
    )
    repo.write(
      'm/images/p/images.yaml',
      imagesYaml([
        { name: 'foo', digest: a, tags: ['v1'] },
        { name: 'bar', digest: b, tags: [] }
      ])
    )
    const args = [
      'p.example/prod',
      '--manifest-based',
      '--thin-manifest-dir',
      'm',
      '--output',
      'csv'
    ]
    const { code, stdout } = await cliIn(repo.dir, 'snapshot', ...args)
    expect(stdout).toBe(
      `bar@${b},-\nfoo@${a},foo:v1\nmirror/bar@${b},-\nmirror/foo@${a},mirror/foo:v1\n\n`
    )
    expect(code).toBe(0)
  })

  it.each([
    [['snapshot'], 'exactly one REPOSITORY-PREFIX', 2],
    [['snapshot', 'x.io/p', '--manifest', 'f'], 'need --manifest-based', 2],
    [['snapshot', 'x.io/p', '--output', 'json'], 'invalid snapshot output format: json', 1]
  ])('rejects %j', async (args, text, code) => {
    const result = await cli(...args)
    expect([result.code, result.stderr]).toEqual([code, expect.stringContaining(text)])
  })
})
