// kpromo's validation rules V1-V8 and F1 on plain manifests: one failing fixture per rule, the
// exact position of each error, and a message that names the field to change.
import { describe, expect, it } from '@jest/globals'
import { at, loadPlain } from './fixtures.js'

describe('validation rules on a plain manifest', () => {
  it.each([
    [
      'v1-two-sources.yaml',
      ['MULTIPLE_SOURCES v1-two-sources.yaml:5:3'],
      'more than 1 source registry'
    ],
    [
      'v2-unnamed-source.yaml',
      ['EMPTY_REGISTRY_NAME v2-unnamed-source.yaml:2:3'],
      "'name' field cannot be empty"
    ],
    [
      'v3-no-registries.yaml',
      ['NO_REGISTRIES v3-no-registries.yaml:1:1'],
      "'registries' field cannot be empty"
    ],
    [
      'v3-empty-registries.yaml',
      ['NO_REGISTRIES v3-empty-registries.yaml:2:1'],
      "'registries' field cannot be empty"
    ],
    [
      'v4-unnamed-destination.yaml',
      ['EMPTY_REGISTRY_NAME v4-unnamed-destination.yaml:4:3'],
      "registries: 'name'"
    ],
    [
      'v5-unnamed-image.yaml',
      ['EMPTY_IMAGE_NAME v5-unnamed-image.yaml:9:3'],
      "images: 'name' field cannot be empty"
    ],
    [
      'v6-empty-dmap.yaml',
      ['EMPTY_DMAP v6-empty-dmap.yaml:7:3', 'EMPTY_DMAP v6-empty-dmap.yaml:8:3'],
      "images: 'dmap' field cannot be empty"
    ],
    [
      'v7-invalid-digest.yaml',
      ['INVALID_DIGEST v7-invalid-digest.yaml:8:5', 'INVALID_DIGEST v7-invalid-digest.yaml:9:5'],
      'invalid digest: sha256:'
    ],
    [
      'v8-invalid-tag.yaml',
      [
        'INVALID_TAG v8-invalid-tag.yaml:10:7',
        'INVALID_TAG v8-invalid-tag.yaml:11:7',
        'INVALID_TAG v8-invalid-tag.yaml:12:7'
      ],
      'invalid tag: '
    ],
    ['f1-no-source.yaml', ['NO_SOURCE f1-no-source.yaml:1:1'], 'could not find source registry']
  ])('%s fails with every violation at its position', async (file, expected, message) => {
    const set = await loadPlain('plain', 'rules', file)
    expect(set.errors.map(at)).toEqual(expected)
    for (const error of set.errors) {
      expect(error.message).toContain(message)
      expect(error.hint).toBeTruthy()
    }
    expect(set.warnings).toEqual([])
  })

  it('names both source registries when there are two', async () => {
    const [error] = (await loadPlain('plain', 'rules', 'v1-two-sources.yaml')).errors
    expect(error!.message).toContain('"gcr.io/staging-b" is marked src: true')
    expect(error!.message).toContain('"gcr.io/staging-a" (line 2)')
  })

  it('keeps a manifest with rule violations, but not one without a source', async () => {
    expect((await loadPlain('plain', 'rules', 'v7-invalid-digest.yaml')).manifests).toHaveLength(1)
    expect((await loadPlain('plain', 'rules', 'f1-no-source.yaml')).manifests).toHaveLength(0)
  })

  it('accepts a valid manifest with no findings at all', async () => {
    const set = await loadPlain('plain', 'valid.yaml')
    expect(set.errors).toEqual([])
    expect(set.warnings).toEqual([])
    expect(set.manifests).toHaveLength(1)
  })
})
