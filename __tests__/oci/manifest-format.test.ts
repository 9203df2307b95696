// A manifest's bytes must agree with the media type it is served and written with. The lie this
// guards against: an image manifest without a `mediaType` field, served as an index, reads as an
// index with no children, so it was written and tagged without its config and layers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { guessManifestMediaType, manifestFormatProblem } from '../../src/oci/manifest-format.js'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { buildImage, manifestOf, type BuiltImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import {
  CREDENTIALS,
  startHostileServer,
  type HostileServer
} from '../reliability/hostile-server.js'
import { serveImage } from '../reliability/hostile-routes.js'
import { expectCode } from './store-conformance-helpers.js'

const image = buildImage({ seed: 'media-type-lie', layers: [2048] })
/** The image's manifest without its `mediaType` field, typed as an OCI index. */
const { mediaType: _dropped, ...document } = JSON.parse(
  Buffer.from(image.manifest.bytes).toString()
) as Record<string, unknown>
const lie = manifestOf(MEDIA_TYPE.ociIndex, document)
const honest = manifestOf(MEDIA_TYPE.ociManifest, document)
const lyingImage: BuiltImage = { ...image, manifest: lie }

let registry: TestRegistry
let hostile: HostileServer
let baseDir: string
const client = new RegistryClient({ defaults: { maxAttempts: 1 } })

beforeAll(async () => {
  registry = await startRegistry()
  hostile = await startHostileServer()
  baseDir = await mkdtemp(join(tmpdir(), 'manifest-format-'))
})
afterAll(async () => {
  client.close()
  await registry?.stop()
  await hostile?.stop()
  await rm(baseDir, { recursive: true, force: true })
})

describe('an image manifest typed as an index', () => {
  it('is refused when a registry serves it (INVALID_RESPONSE)', async () => {
    hostile.route(serveImage(lyingImage))
    const reader = new RegistryClient({ credentials: { [hostile.host]: CREDENTIALS } })
    try {
      const error = await reader
        .store(hostile.host)
        .manifestGet('src/app', 'v1')
        .catch((e: unknown) => e as Error & { code?: string })
      expect(error).toMatchObject({ code: 'INVALID_RESPONSE' })
      expect((error as Error).message).toMatch(/has no "manifests" list/)
    } finally {
      reader.close()
    }
  })

  it('is refused before the PUT (a registry that does not check would tag it)', async () => {
    const store = client.store(registry.host)
    for (const blob of [image.config, ...image.layers])
      await store.blobPut('lie/app', blob.digest, blob.size, blob.bytes)
    const mark = await registry.accessLog.mark()
    await expectCode(store.manifestPut('lie/app', 'v1', lie), 'INVALID_REQUEST')
    const puts = (await registry.accessLog.summary(mark)).byMethod.PUT ?? 0
    expect(puts).toBe(0)
    expect(await store.manifestHead('lie/app', 'v1')).toBeUndefined()
  })

  it('is not written to a layout, and no tag is', async () => {
    const store = new LayoutStore({ baseDir })
    for (const blob of [image.config, ...image.layers])
      await store.blobPut('lie', blob.digest, blob.size, blob.bytes)
    await expectCode(store.manifestPut('lie', 'v1', lie), 'MANIFEST_INVALID')
    expect(await store.manifestHead('lie', 'v1')).toBeUndefined()
  })

  it('tagged in a layout by an earlier run: the tag reads as invalid, not as done', async () => {
    const store = new LayoutStore({ baseDir })
    for (const blob of [image.config, ...image.layers])
      await store.blobPut('damaged', blob.digest, blob.size, blob.bytes)
    await store.manifestPut('damaged', 'v1', honest)
    const indexPath = join(baseDir, 'damaged', 'index.json')
    const index = JSON.parse(await readFile(indexPath, 'utf8')) as {
      manifests: { mediaType: string }[]
    }
    index.manifests[0]!.mediaType = MEDIA_TYPE.ociIndex // what the old code wrote
    await writeFile(indexPath, JSON.stringify(index))
    await expectCode(store.manifestHead('damaged', 'v1'), 'LAYOUT_INVALID')
  })
})

describe('the rule', () => {
  const d = { mediaType: 'x', digest: `sha256:${'1'.repeat(64)}`, size: 1 }
  it.each([
    ['no mediaType field, no kind', {}],
    ['ambiguous: manifests and layers', { schemaVersion: 2, manifests: [d], layers: [d] }],
    ['ambiguous: manifests and config', { schemaVersion: 2, manifests: [d], config: d }],
    ['image fields without layers', { schemaVersion: 2, config: d }]
  ])('guesses no media type for %s', (_name, json) => {
    expect(guessManifestMediaType(json)).toBeUndefined()
  })

  it('guesses the OCI type that the fields fit', () => {
    expect(guessManifestMediaType({ schemaVersion: 2, manifests: [] })).toBe(MEDIA_TYPE.ociIndex)
    expect(guessManifestMediaType(document)).toBe(MEDIA_TYPE.ociManifest)
  })

  it('agrees with honest bytes, of every supported type', () => {
    expect(manifestFormatProblem(image.manifest.bytes, image.manifest.mediaType)).toBeUndefined()
    expect(manifestFormatProblem(honest.bytes, MEDIA_TYPE.ociManifest)).toBeUndefined()
    const list = Buffer.from(
      JSON.stringify({ mediaType: MEDIA_TYPE.dockerManifestList, manifests: [d] })
    )
    expect(manifestFormatProblem(list, MEDIA_TYPE.dockerManifestList)).toBeUndefined()
  })
})
