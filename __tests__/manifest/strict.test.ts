// Strict YAML: unknown and duplicate keys, wrong types, scalars kept as written, syntax errors,
// and hostile input (alias bombs, oversized files) refused quickly with a clear error.
import { describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_MANIFEST_BYTES, buildEdges, loadManifests } from '../../src/manifest/index.js'
import { MAX_FLOW_NESTING } from '../../src/manifest/yaml-strict.js'
import { at, loadPlain } from './fixtures.js'

describe('strict YAML', () => {
  it('reports every unknown key, including token and imagesPath in a plain manifest', async () => {
    const set = await loadPlain('plain', 'strict', 'unknown-keys.yaml')
    expect(set.errors.map(at)).toEqual([
      'UNKNOWN_KEY unknown-keys.yaml:4:3',
      'EMPTY_DMAP unknown-keys.yaml:7:3',
      'UNKNOWN_KEY unknown-keys.yaml:8:3',
      'UNKNOWN_KEY unknown-keys.yaml:10:1'
    ])
    expect(set.errors[2]!.message).toBe(
      'unknown key "dmaps" in image entry; expected one of: name, dmap'
    )
  })

  it('reports duplicate keys at the second one, naming the first line', async () => {
    const set = await loadPlain('plain', 'strict', 'duplicate-keys.yaml')
    expect(set.errors.map(at)).toEqual([
      'DUPLICATE_KEY duplicate-keys.yaml:7:3',
      'DUPLICATE_KEY duplicate-keys.yaml:10:5',
      'DUPLICATE_KEY duplicate-keys.yaml:11:1'
    ])
    // The quoted and the plain spelling of one digest are the same key.
    expect(set.errors[1]!.message).toContain('already defined at line 9')
  })

  it('reports values of the wrong type where they are written, without follow-up errors', async () => {
    const set = await loadPlain('plain', 'strict', 'wrong-types.yaml')
    expect(set.errors.map(at)).toEqual([
      'NO_SOURCE wrong-types.yaml:1:1',
      'WRONG_TYPE wrong-types.yaml:2:9',
      'WRONG_TYPE wrong-types.yaml:3:8',
      'WRONG_TYPE wrong-types.yaml:5:8',
      'WRONG_TYPE wrong-types.yaml:9:80',
      'WRONG_TYPE wrong-types.yaml:10:81',
      'WRONG_TYPE wrong-types.yaml:11:3',
      'WRONG_TYPE wrong-types.yaml:12:9',
      'WRONG_TYPE wrong-types.yaml:13:9'
    ])
    const messages = set.errors.map((e) => e.message)
    expect(messages[1]).toBe('registry name: expected a string, got a list')
    expect(messages[2]).toBe('registry src: expected true or false, got "true"')
    expect(messages[6]).toBe('image entry: expected a mapping, got "just-a-string"')
  })

  it('keeps scalars as their source text and reads YAML 1.1 booleans as kpromo does', async () => {
    const set = await loadPlain('plain', 'strict', 'scalars.yaml')
    expect(set.errors).toEqual([])
    const [manifest] = set.manifests
    expect(manifest!.source.name).toBe('gcr.io/example-staging')
    expect(manifest!.destinations.map((r) => [r.name, r.src])).toEqual([
      ['us-docker.pkg.dev/example/images', false]
    ])
    const images = manifest!.images.map((i) => [i.name, i.digests.map((d) => d.tags)])
    expect(images).toEqual([
      ['0123', [['1.0', '1.10', '0x1F', '1e3', 'true', '007']]],
      ['4.0', [['1.0']]]
    ])
  })

  it('follows ordinary anchors and aliases', async () => {
    const set = await loadPlain('plain', 'anchors.yaml')
    expect(set.errors).toEqual([])
    const [manifest] = set.manifests
    expect(manifest!.images[1]!.digests[0]!.tags).toEqual(['1.0', '1.1'])
    // The aliased registry is listed twice but yields each edge once.
    expect(manifest!.destinations).toHaveLength(2)
    expect(buildEdges(set.manifests).edges).toHaveLength(4)
  })

  it('reports a syntax error at its line and reads nothing else of the file', async () => {
    const set = await loadPlain('plain', 'strict', 'syntax-error.yaml')
    expect(set.errors.map(at)).toEqual(['YAML_SYNTAX syntax-error.yaml:8:1'])
    expect(set.errors[0]!.message).toMatch(/^invalid YAML: Flow sequence/)
    expect(set.manifests).toEqual([])
  })

  it('refuses an alias bomb quickly, at the alias that crossed the limit', async () => {
    const started = performance.now()
    const set = await loadPlain('plain', 'strict', 'alias-bomb.yaml')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(set.errors.map(at)).toEqual(['YAML_ALIAS_LIMIT alias-bomb.yaml:95:81'])
    expect(set.errors[0]!.hint).toContain('aliases')
    expect(set.manifests).toEqual([])
  })

  it('never expands nested aliases where a string is expected (billion laughs)', async () => {
    const started = performance.now()
    const set = await loadPlain('plain', 'strict', 'laughs.yaml')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(set.errors).toHaveLength(8)
    expect(set.errors.map((e) => e.code)).toEqual(Array(8).fill('WRONG_TYPE'))
    expect(at(set.errors[0]!)).toBe('WRONG_TYPE laughs.yaml:9:85')
  })

  it('refuses a file larger than MAX_MANIFEST_BYTES before parsing it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifest-size-'))
    try {
      const file = join(dir, 'huge.yaml')
      await writeFile(file, `# ${'x'.repeat(MAX_MANIFEST_BYTES)}\n`)
      const started = performance.now()
      const set = await loadManifests({ manifest: file })
      expect(performance.now() - started).toBeLessThan(1000)
      expect(set.errors.map(at)).toEqual(['FILE_TOO_LARGE huge.yaml:1:1'])
      expect(set.errors[0]!.message).toContain(`limit of ${MAX_MANIFEST_BYTES} bytes`)
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  it('refuses flow collections nested deeper than MAX_FLOW_NESTING before parsing them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifest-nesting-'))
    try {
      const within = '['.repeat(MAX_FLOW_NESTING) + ']'.repeat(MAX_FLOW_NESTING)
      const deep = '['.repeat(100_000) + ']'.repeat(100_000)
      const manifest = (dmap: string) =>
        `registries:\n- name: gcr.io/a\n  src: true\nimages:\n- name: x\n  dmap: ${dmap}\n`
      await writeFile(join(dir, 'within.yaml'), manifest(within))
      await writeFile(join(dir, 'deep.yaml'), manifest(deep))
      // At the limit the parser runs and reports the wrong type; one level more is refused.
      const ok = await loadManifests({ manifest: join(dir, 'within.yaml') })
      expect(ok.errors.map((e) => e.code)).not.toContain('NESTING_TOO_DEEP')
      const set = await loadManifests({ manifest: join(dir, 'deep.yaml') })
      expect(set.errors.map(at)).toEqual([`NESTING_TOO_DEEP deep.yaml:6:${9 + MAX_FLOW_NESTING}`])
      expect(set.errors[0]!.hint).toContain('unbalanced')
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  it('reports a directory given as a plain manifest', async () => {
    const set = await loadPlain('plain', 'rules')
    expect(set.errors.map(at)).toEqual(['FILE_UNREADABLE rules:1:1'])
    expect(set.errors[0]!.message).toBe('expected a regular file, got a directory or special file')
  })

  it('throws only when the options themselves are misused', async () => {
    await expect(loadManifests({})).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
    await expect(
      loadManifests({ manifest: 'a.yaml', thinManifestDir: 'dir' })
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })

  it('reports a missing file instead of throwing', async () => {
    const set = await loadPlain('plain', 'no-such-file.yaml')
    expect(set.errors.map(at)).toEqual(['FILE_UNREADABLE no-such-file.yaml:1:1'])
    expect(set.errors[0]!.message).toContain('ENOENT')
  })
})
