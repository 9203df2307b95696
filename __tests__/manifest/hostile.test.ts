// Manifests from a pull request are untrusted files (issue #12): nothing outside the manifest
// directory is read or quoted, linked directories are not walked, image names cannot climb out
// of a layout directory, and aliases, long lists and many errors cost time and output linear
// in the input.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildEdges,
  loadManifests,
  type ManifestError,
  type ManifestSet
} from '../../src/manifest/index.js'
import { MAX_EXCERPT, MAX_FINDINGS, excerpt } from '../../src/manifest/errors.js'
import {
  BAD_IMAGE_NAMES,
  LINK_CASES,
  SECRET,
  hugeAnchoredValue,
  manyAliases,
  manyBadTags,
  manyConflicts,
  manyTags,
  ociManifest,
  plantOutside
} from './hostile-cases.js'

const scratch = mkdtempSync(join(tmpdir(), 'hostile-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let n = 0
const caseDir = (): string => join(scratch, `case-${n++}`)

/** Every text a run shows a person or a program: messages, hints and positions. */
function shown(findings: ManifestError[]): string {
  return findings.map((e) => `${e.describe()} ${JSON.stringify(e.position)}`).join('\n')
}

/** Env values a read of /proc/self/environ would bring in (long enough not to match by chance). */
const ENV_VALUES = Object.values(process.env).filter(
  (v): v is string => v !== undefined && v.length >= 12
)

/** No secret in messages, nor (with `read`) in anything loaded: the file was not read at all. */
function expectNothingLeaked(set: ManifestSet, read = true): void {
  const text = shown([...set.errors, ...set.warnings])
  expect(text).not.toContain(SECRET)
  for (const value of ENV_VALUES) expect(text.includes(value)).toBe(false)
  if (read) expect(JSON.stringify(set.manifests)).not.toContain(SECRET)
}

async function plain(text: string): Promise<{ set: ManifestSet; ms: number }> {
  const file = join(scratch, `${n++}.yaml`)
  writeFileSync(file, text)
  const started = performance.now()
  const set = await loadManifests({ manifest: file })
  return { set, ms: performance.now() - started }
}

describe('files and links outside the manifest directory', () => {
  for (const hostile of LINK_CASES) {
    it(`${hostile.name}: ${hostile.expectCode}, nothing outside read or quoted`, async () => {
      const dir = caseDir()
      const outside = plantOutside(dir)
      const started = performance.now()
      const set = await loadManifests(hostile.build(dir, outside))
      expect(performance.now() - started).toBeLessThan(2000)
      expect([...set.errors, ...set.warnings].map((e) => e.code)).toContain(hostile.expectCode)
      expectNothingLeaked(set)
    })
  }

  it('names the link and says what to do, and still loads the other manifests', async () => {
    const dir = caseDir()
    const outside = plantOutside(dir)
    const options = LINK_CASES[1]!.build(dir, outside)
    const set = await loadManifests(options)
    expect(set.errors.map((e) => [e.code, e.position.file])).toEqual([
      ['LINK_OUTSIDE_ROOT', 'images/a/images.yaml']
    ])
    expect(set.errors[0]!.message).toContain('symbolic link')
    expect(set.errors[0]!.hint).toContain('inside the manifest directory')
  })

  it('follows links that stay inside the tree', async () => {
    const dir = caseDir()
    plantOutside(dir)
    const options = LINK_CASES[0]!.build(dir, '')
    rmSync(join(options.thinManifestDir!, 'images/a/images.yaml'))
    writeFileSync(join(options.thinManifestDir!, 'images/real.yaml'), '- name: inside\n')
    const { symlinkSync } = await import('node:fs')
    symlinkSync('../real.yaml', join(options.thinManifestDir!, 'images/a/images.yaml'))
    const set = await loadManifests(options)
    expect(set.errors.map((e) => e.code)).not.toContain('LINK_OUTSIDE_ROOT')
    expect(set.manifests[0]!.images.map((i) => i.name)).toEqual(['inside'])
  })
})

describe('image names are repository paths under every registry kind', () => {
  for (const name of BAD_IMAGE_NAMES) {
    it(`refuses ${JSON.stringify(excerpt(name, 20))} under oci: registries`, async () => {
      const { set } = await plain(ociManifest(name))
      expect(set.errors.map((e) => e.code)).toContain('INVALID_IMAGE_NAME')
      expect(set.errors.find((e) => e.code === 'INVALID_IMAGE_NAME')!.message.length).toBeLessThan(
        MAX_EXCERPT + 150
      )
    })
  }

  it('accepts ordinary nested names', async () => {
    const { set } = await plain(ociManifest('foo/bar-baz/qux_1.2'))
    expect(set.errors).toEqual([])
  })
})

describe('messages quote bounded excerpts only', () => {
  it('shortens a long value and escapes control characters', () => {
    const text = excerpt(`${'x'.repeat(500)}`)
    expect(text.startsWith('x'.repeat(MAX_EXCERPT))).toBe(true)
    expect(text).toContain('500 characters')
    expect(text.length).toBeLessThan(MAX_EXCERPT + 30)
    expect(excerpt('a\u001b[31mb\nc')).toBe('a\\u001b[31mb\\nc')
  })

  it('does not quote a whole file that is one scalar where a list was expected', async () => {
    const { set } = await plain(`${SECRET} ${'word '.repeat(200)}\n`)
    expect(set.errors.map((e) => e.code)).toEqual(['WRONG_TYPE'])
    expect(set.errors[0]!.message).toMatch(/got a text of \d+ characters/)
    expectNothingLeaked(set)
  })

  it('quotes at most an excerpt of a long tag, digest or key', async () => {
    // The secret sits past the excerpt: a message quoting the whole value would show it.
    const long = `${'z'.repeat(MAX_EXCERPT)}${SECRET}${'z'.repeat(800)}`
    const { set } = await plain(
      `registries:\n- name: gcr.io/a\n  src: true\n"${long}": 1\nimages:\n- name: foo\n  dmap:\n` +
        `    "${long}": ["${long}"]\n`
    )
    expect(set.errors.map((e) => e.code)).toEqual(['UNKNOWN_KEY', 'INVALID_DIGEST', 'INVALID_TAG'])
    for (const e of set.errors) expect(e.describe().length).toBeLessThan(400)
    expectNothingLeaked(set, false)
  })
})

describe('parsing cost is linear in the input', () => {
  it('reads 8,000 aliases in about the time of the same file written out', async () => {
    const aliased = await plain(manyAliases(4000))
    const written = await plain(manyAliases(4000, false))
    expect(aliased.set.errors).toEqual([])
    expect(aliased.set.manifests[0]!.images).toHaveLength(4000)
    const view = (set: ManifestSet): string =>
      JSON.stringify(set.manifests[0]!.images.map((i) => [i.name, i.digests[0]!.tags]))
    expect(view(aliased.set)).toBe(view(written.set))
    expect(aliased.ms).toBeLessThan(3 * written.ms + 500)
  })

  it('refuses a 1 MB anchored value reused 500 times, with bounded output', async () => {
    const { set, ms } = await plain(hugeAnchoredValue(1_000_000, 500))
    expect(set.errors.map((e) => e.code)).toContain('YAML_ALIAS_LIMIT')
    expect(shown([...set.errors, ...set.warnings]).length).toBeLessThan(100_000)
    expect(ms).toBeLessThan(3000)
  })

  it('builds the edges of 200,000 tags faster than they are parsed', async () => {
    const { set, ms } = await plain(manyTags(200_000))
    expect(set.errors).toEqual([])
    const started = performance.now()
    const { edges } = buildEdges(set.manifests)
    expect(edges).toHaveLength(200_000)
    expect(performance.now() - started).toBeLessThan(ms)
  })

  it('reports 20,000 overlapping digests in linear time, output capped', async () => {
    const { set } = await plain(manyConflicts(20_000))
    const started = performance.now()
    const { errors } = buildEdges(set.manifests)
    expect(performance.now() - started).toBeLessThan(5000)
    expect(errors).toHaveLength(MAX_FINDINGS + 1)
    expect(errors.at(-1)!.code).toBe('TOO_MANY_FINDINGS')
    expect(shown(errors).length).toBeLessThan(200_000)
  })

  it('caps 50,000 errors at MAX_FINDINGS and one line saying how many more', async () => {
    const { set } = await plain(manyBadTags(50_000))
    expect(set.errors).toHaveLength(MAX_FINDINGS + 1)
    expect(set.errors.at(-1)!.code).toBe('TOO_MANY_FINDINGS')
    expect(set.errors.at(-1)!.message).toBe(
      `${50_000 - MAX_FINDINGS} more errors not shown (${MAX_FINDINGS} shown)`
    )
  })
})
