// LayoutStore refuses what a registry would refuse, and reads verify: each failure has a code.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256Digest } from '../../src/oci/digest.js'
import { LayoutError, LayoutStore } from '../../src/oci/layout/index.js'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { buildImage, manifestOf } from '../harness/images.js'
import { expectCode, pushImage, readAll } from './store-conformance-helpers.js'

let baseDir: string
let store: LayoutStore
beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'layout-errors-'))
  store = new LayoutStore({ baseDir })
})
afterAll(() => rm(baseDir, { recursive: true, force: true }))

const manifest = (mediaType: string, text: string) => ({ mediaType, bytes: Buffer.from(text) })

describe('manifestPut refuses', () => {
  it.each([
    ['text that is not JSON', manifest(MEDIA_TYPE.ociManifest, 'not json')],
    ['a JSON array', manifest(MEDIA_TYPE.ociManifest, '[]')],
    ['an unsupported media type', manifest(MEDIA_TYPE.dockerSchema1Signed, '{}')],
    [
      'a mediaType field other than pushed',
      manifest(MEDIA_TYPE.ociManifest, `{"mediaType":"${MEDIA_TYPE.ociIndex}","manifests":[]}`)
    ],
    ['layers that are not descriptors', manifest(MEDIA_TYPE.ociManifest, '{"layers":[1]}')]
  ])('%s (MANIFEST_INVALID)', async (_, body) => {
    await expectCode(store.manifestPut('refused', 'v1', body), 'MANIFEST_INVALID')
  })

  it('an index whose child manifest is missing (MANIFEST_BLOB_UNKNOWN)', async () => {
    const child = buildImage({ seed: 'missing-child' })
    const index = manifestOf(MEDIA_TYPE.ociIndex, {
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.ociIndex,
      manifests: [
        {
          mediaType: child.manifest.mediaType,
          digest: child.manifest.digest,
          size: child.manifest.size
        }
      ]
    })
    await expectCode(store.manifestPut('refused', 'v1', index), 'MANIFEST_BLOB_UNKNOWN')
  })

  it('a reference that is neither a tag nor a digest, or a digest the bytes do not have', async () => {
    const image = buildImage({ seed: 'references' })
    await pushImage(store, 'references', image)
    await expectCode(store.manifestPut('references', '-bad', image.manifest), 'TAG_INVALID')
    await expectCode(
      store.manifestPut('references', sha256Digest('other'), image.manifest),
      'DIGEST_INVALID'
    )
    await expectCode(store.manifestHead('references', 'bad tag'), 'TAG_INVALID')
    await expectCode(store.blobHas('references', 'sha256:../../etc'), 'DIGEST_INVALID')
  })

  it('a referrer without a subject', async () => {
    const image = buildImage({ seed: 'no-subject' })
    await pushImage(store, 'no-subject', image)
    await expectCode(store.referrerPut('no-subject', image.manifest), 'MANIFEST_INVALID')
  })

  it('with errors that name the layout and say what to do', async () => {
    const error = await store.manifestGet('named', 'v1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LayoutError)
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      registry: `oci:${join(baseDir, 'named')}`
    })
    expect((error as LayoutError).hint).toMatch(/promote/)
  })
})

describe('reads verify content', () => {
  it('a manifest blob changed on disk (DIGEST_MISMATCH)', async () => {
    const image = buildImage({ seed: 'tampered' })
    await pushImage(store, 'tampered', image, 'v1')
    const text = Buffer.from(image.manifest.bytes)
      .toString()
      .replace('"schemaVersion":2', '"schemaVersion": 2')
    await writeFile(
      join(baseDir, 'tampered', 'blobs', 'sha256', image.manifest.digest.slice(7)),
      text
    )
    await expectCode(store.manifestGet('tampered', 'v1'), 'DIGEST_MISMATCH')
    await expectCode(store.manifestGet('tampered', image.manifest.digest), 'DIGEST_MISMATCH')
  })

  it('a layer changed on disk fails at the end of its stream (DIGEST_MISMATCH)', async () => {
    const image = buildImage({ seed: 'tampered-layer' })
    await pushImage(store, 'tampered-layer', image, 'v1')
    const layer = image.layers[0]!
    await writeFile(
      join(baseDir, 'tampered-layer', 'blobs', 'sha256', layer.digest.slice(7)),
      Buffer.alloc(layer.size)
    )
    const reader = await store.blobGet('tampered-layer', layer.digest)
    await expectCode(readAll(reader.stream), 'DIGEST_MISMATCH')
  })

  it('a layer digest is not a manifest (manifestHead answers undefined)', async () => {
    const image = buildImage({ seed: 'layer-not-manifest' })
    await pushImage(store, 'layer-not-manifest', image, 'v1')
    expect(await store.manifestHead('layer-not-manifest', image.layers[0]!.digest)).toBeUndefined()
    expect(await store.manifestHead('layer-not-manifest', image.config.digest)).toBeUndefined()
  })
})
