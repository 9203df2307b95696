// sigcheck's cost on a real registry (no referrers API, no Google listing): one tag listing per
// repository says which digests carry a `.sig` tag or a referrers fallback tag at all, so an
// unsigned image costs no signature or referrers read (only the manifest read that tells an index
// from an image), and a signed one only the reads that verify it. Counts come from the run's own
// log line and from the registry's access log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../harness/cli-in-process.js'
import { buildImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, writeThinManifests } from '../harness/seed.js'

const IMAGES = 20
let registry: TestRegistry
let root: string
let key: string
let dir: string

const cli = (args: string[]) => runCli(args, root)

beforeAll(async () => {
  registry = await startRegistry()
  root = mkdtempSync(join(tmpdir(), 'cli-sigcheck-requests-'))
  key = join(root, 'ours.key')
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  writeFileSync(key, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }))
  const lines: string[] = []
  for (let i = 0; i < IMAGES; i++) {
    const digest = await pushImage(registry, 'staging/many', buildImage({ seed: `many-${i}` }))
    lines.push(`    "${digest}": ["v${i}"]\n`)
  }
  dir = join(root, 'tree')
  writeThinManifests(dir, {
    sub: 'staging',
    src: `${registry.host}/staging`,
    dests: [`${registry.host}/prod`],
    imagesYaml: `- name: many\n  dmap:\n${lines.join('')}`
  })
  const promoted = await cli(['run', '--thin-manifest-dir', dir, '--confirm', '--sign', 'false'])
  expect(promoted.code).toBe(0)
}, 120_000)
afterAll(async () => registry?.stop())

const COST =
  /sigcheck: (\d+) images, (\d+) signed, .*\((\d+) registry requests(?: \((\d+) tag listings)?/

/** The audit's own figures, and the signature/referrers tag reads the registry saw meanwhile. */
async function audit(extra: string[] = []) {
  const mark = await registry.accessLog.mark()
  const result = await cli([
    'sigcheck',
    '--thin-manifest-dir',
    dir,
    '--scope',
    'all',
    '--signing-key',
    key,
    ...extra
  ])
  const entries = await registry.accessLog.entries(mark)
  expect(result.stderr).toMatch(COST)
  const m = COST.exec(result.stderr)
  const tagReads = (suffix: RegExp) =>
    entries
      .filter((e) => /\/prod\/many\/manifests\/sha256-[0-9a-f]{64}/.test(e.path))
      .filter((e) => suffix.test(e.path)).length
  return {
    result,
    images: Number(m![1]),
    signed: Number(m![2]),
    requests: Number(m![3]),
    tagLists: Number(m![4]),
    sigReads: tagReads(/\.sig$/),
    referrerReads: tagReads(/sha256-[0-9a-f]{64}$/)
  }
}

describe('sigcheck request counts', () => {
  it('unsigned images: one listing, no signature or referrers read per digest', async () => {
    const a = await audit()
    expect(a.result.code).toBe(1)
    expect(a.images).toBe(IMAGES)
    expect(a.signed).toBe(0)
    expect(a.sigReads).toBe(0)
    // One referrers probe for the host (API answer 404, then its fallback tag), none per digest.
    expect(a.referrerReads).toBeLessThanOrEqual(1)
    // Per image only the manifest read that tells an index (children to check) from an image;
    // before: ~3 per image (manifest, `.sig`, referrers).
    expect(a.requests).toBeLessThanOrEqual(IMAGES + 1 + 2)
    expect(a.tagLists).toBe(1)
    // The same figures in the JSON report's summary section.
    const json = await audit(['--json'])
    const report = JSON.parse(json.result.stdout) as {
      sections: { title: string; markdown: string }[]
    }
    const section = report.sections.find((s) => s.title === 'Signature check')
    expect(section?.markdown).toContain(`Audit: ${json.requests} registry requests (1 tag listings`)
  })

  it('signed images: the listing plus the reads that verify what is there', async () => {
    const signed = 3
    expect((await audit(['--confirm', '--limit', String(signed)])).result.code).toBe(0)
    const a = await audit()
    expect(a.result.code).toBe(1)
    expect(a.signed).toBe(signed)
    expect(a.sigReads).toBe(signed)
    expect(a.referrerReads).toBeLessThanOrEqual(signed + 1)
    // Signed: manifest, `.sig` manifest and payload blob, referrers index, referrer manifest
    // and bundle blob; unsigned: the manifest alone.
    expect(a.requests).toBeLessThanOrEqual(1 + 2 + signed * 6 + (IMAGES - signed))
    expect(a.tagLists).toBe(1)
  })
})
