// Builds small images, indexes and referrers through any Store, for the engine's tests.
import { randomBytes } from 'node:crypto'
import { sha256Digest } from '../../src/oci/digest.js'
import type { Descriptor, Store } from '../../src/oci/store.js'
import { MEDIA_TYPES_OF } from '../harness/images.js'

export type Flavour = 'oci' | 'docker'

export async function pushBlob(
  store: Store,
  repo: string,
  bytes: Uint8Array,
  mediaType: string
): Promise<Descriptor> {
  const digest = sha256Digest(bytes)
  await store.blobPut(repo, digest, bytes.length, bytes)
  return { mediaType, digest, size: bytes.length }
}

/** Manifest bytes with odd spacing, so re-serialising them would change the digest. */
function encode(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value, null, 3) + '\n')
}

export interface ImageOptions {
  flavour?: Flavour
  layers?: Uint8Array[] | number
  layerSize?: number
  tag?: string
  /** Extra descriptors to list as layers (e.g. a foreign layer with urls). */
  extraLayers?: Descriptor[]
  subject?: Descriptor
  artifactType?: string
}

export async function pushImage(
  store: Store,
  repo: string,
  options: ImageOptions = {}
): Promise<Descriptor> {
  const types = MEDIA_TYPES_OF[options.flavour ?? 'oci']
  const contents =
    typeof options.layers === 'object'
      ? options.layers
      : Array.from({ length: options.layers ?? 2 }, () => randomBytes(options.layerSize ?? 64))
  const layers: Descriptor[] = []
  for (const bytes of contents) layers.push(await pushBlob(store, repo, bytes, types.layer))
  const config = await pushBlob(store, repo, randomBytes(32), types.config)
  const manifest: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: types.manifest,
    config,
    layers: [...layers, ...(options.extraLayers ?? [])]
  }
  if (options.artifactType) manifest.artifactType = options.artifactType
  if (options.subject) manifest.subject = options.subject
  const bytes = encode(manifest)
  const digest = sha256Digest(bytes)
  await store.manifestPut(repo, digest, { mediaType: types.manifest, bytes })
  if (options.tag) await store.manifestPut(repo, options.tag, { mediaType: types.manifest, bytes })
  return { mediaType: types.manifest, digest, size: bytes.length }
}

export async function pushIndex(
  store: Store,
  repo: string,
  children: Descriptor[],
  options: { flavour?: Flavour; tag?: string } = {}
): Promise<Descriptor> {
  const mediaType = MEDIA_TYPES_OF[options.flavour ?? 'oci'].index
  const bytes = encode({ schemaVersion: 2, mediaType, manifests: children })
  const digest = sha256Digest(bytes)
  await store.manifestPut(repo, digest, { mediaType, bytes })
  if (options.tag) await store.manifestPut(repo, options.tag, { mediaType, bytes })
  return { mediaType, digest, size: bytes.length }
}

/** Every blob and child manifest digest an image or index references, recursively. */
export async function contentDigests(
  store: Store,
  repo: string,
  digest: string
): Promise<string[]> {
  const manifest = await store.manifestGet(repo, digest)
  const json = JSON.parse(Buffer.from(manifest.bytes).toString('utf8'))
  if (json.manifests) {
    const nested = await Promise.all(
      json.manifests.map((c: Descriptor) => contentDigests(store, repo, c.digest))
    )
    return [digest, ...nested.flat()]
  }
  const blobs = [json.config, ...json.layers].filter((d: Descriptor) => !d.urls)
  return [digest, ...blobs.map((d: Descriptor) => d.digest)]
}
