// What a manifest references, from its bytes.
import { describe, expect, it } from '@jest/globals'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { parseManifestContent } from '../../src/promote/index.js'

const d = (n: number) => ({ mediaType: 'x', digest: `sha256:${String(n).repeat(64)}`, size: n })
const raw = (mediaType: string, value: unknown) => ({
  mediaType,
  bytes: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))
})

describe('parseManifestContent', () => {
  it.each([
    [
      'OCI index',
      MEDIA_TYPE.ociIndex,
      { manifests: [d(1), d(2)] },
      { kind: 'index', children: [d(1), d(2)] }
    ],
    [
      'Docker list',
      MEDIA_TYPE.dockerManifestList,
      { manifests: [d(1)] },
      { kind: 'index', children: [d(1)] }
    ],
    [
      'OCI image',
      MEDIA_TYPE.ociManifest,
      { config: d(1), layers: [d(2), d(3)] },
      { kind: 'image', blobs: [d(1), d(2), d(3)] }
    ],
    [
      'repeated layer',
      MEDIA_TYPE.dockerManifest,
      { config: d(1), layers: [d(2), d(2)] },
      { kind: 'image', blobs: [d(1), d(2)] }
    ],
    [
      'artifact blobs',
      'application/vnd.oci.artifact.manifest.v1+json',
      { blobs: [d(4)] },
      { kind: 'image', blobs: [d(4)] }
    ],
    [
      'index without media type',
      'application/json',
      { manifests: [d(5)] },
      { kind: 'index', children: [d(5)] }
    ]
  ])('%s', (_name, mediaType, json, expected) => {
    expect(parseManifestContent(raw(mediaType, json), 'r@d')).toEqual(expected)
  })

  it.each([
    ['schema 1', MEDIA_TYPE.dockerSchema1Signed, { fsLayers: [] }],
    ['not JSON', MEDIA_TYPE.ociManifest, 'nope{'],
    ['bad layers', MEDIA_TYPE.ociManifest, { config: d(1), layers: [{ digest: 3 }] }],
    // An image served as an index would be copied with no children: its blobs never copied.
    [
      'image without mediaType served as an index',
      MEDIA_TYPE.ociIndex,
      { config: d(1), layers: [d(2)] }
    ],
    ['image served as a Docker list', MEDIA_TYPE.dockerManifestList, { config: d(1), layers: [] }],
    ['index served as an image', MEDIA_TYPE.ociManifest, { manifests: [d(1)] }],
    [
      'mediaType field that disagrees',
      MEDIA_TYPE.ociIndex,
      { mediaType: MEDIA_TYPE.ociManifest, manifests: [d(1)] }
    ],
    [
      'ambiguous (index and image fields)',
      'application/json',
      { manifests: [d(1)], config: d(2), layers: [] }
    ],
    ['ambiguous, typed as an index', MEDIA_TYPE.ociIndex, { manifests: [d(1)], layers: [d(2)] }]
  ])('rejects %s with UNSUPPORTED_MANIFEST', (_name, mediaType, json) => {
    expect(() => parseManifestContent(raw(mediaType, json), 'r@d')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_MANIFEST' })
    )
  })
})
