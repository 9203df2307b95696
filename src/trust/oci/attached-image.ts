// Reading and appending to cosign's tag-attached images (`sha256-<hex>.sig` / `.att`).
import { Memo } from '../../concurrency/index.js'
import type { Descriptor, StoreRepo } from '../../oci/store.js'
import { buildSignatureImage, MAX_SIGNATURE_LAYERS } from '../cosign/sig-image.js'
import { TrustError } from '../errors.js'
import { parseManifestJson, putBlob, readBlob, readManifest, storeLocation } from './store-io.js'

export interface AttachedLayer {
  descriptor: Descriptor
  blob: Buffer
}

/** The layers of the image under `tag` with their blobs; undefined when the tag does not exist. */
export async function readAttachedLayers(
  at: StoreRepo,
  tag: string,
  accept: (layer: Descriptor) => boolean
): Promise<AttachedLayer[] | undefined> {
  const manifest = await readManifest(at.store, at.repo, tag)
  if (!manifest) return undefined
  const layers = parseManifestJson(manifest).layers.filter(accept)
  const blobs = new Memo<Buffer>()
  return Promise.all(
    layers.map(async (descriptor) => ({
      descriptor,
      blob: await blobs.run(descriptor.digest, () => readBlob(at.store, at.repo, descriptor))
    }))
  )
}

/** One layer as read for verification: its blob, or why it could not be read. */
export type LayerRead =
  { descriptor: Descriptor; blob: Buffer } | { descriptor: Descriptor; error: TrustError }

/**
 * Like readAttachedLayers, but a layer whose blob cannot be read (missing, oversized, digest
 * mismatch, read error) is returned with its error instead of failing the others: one bad layer
 * fails only itself. Undefined when the tag does not exist.
 */
export async function readAttachedLayersEach(
  at: StoreRepo,
  tag: string,
  accept: (layer: Descriptor) => boolean
): Promise<LayerRead[] | undefined> {
  const manifest = await readManifest(at.store, at.repo, tag)
  if (!manifest) return undefined
  const layers = parseManifestJson(manifest).layers.filter(accept)
  // Shared reads per digest AND size: a descriptor with a wrong size must not spoil the read of
  // a correct one naming the same blob.
  const blobs = new Memo<Buffer>()
  return Promise.all(
    layers.map(async (descriptor): Promise<LayerRead> => {
      const key = `${descriptor.digest}|${descriptor.size}`
      try {
        return {
          descriptor,
          blob: await blobs.run(key, () => readBlob(at.store, at.repo, descriptor))
        }
      } catch (error) {
        if (!(error instanceof TrustError)) throw error
        return { descriptor, error }
      }
    })
  )
}

/** The layer descriptors of the image under `tag` (empty when it does not exist). */
export async function readLayerDescriptors(at: StoreRepo, tag: string): Promise<Descriptor[]> {
  const manifest = await readManifest(at.store, at.repo, tag)
  return manifest ? parseManifestJson(manifest).layers : []
}

/**
 * Append layers (with their blobs) to the signature image under `tag`, keeping every existing
 * layer. Callers serialise calls per tag: the registry has no compare-and-swap for tags.
 */
export async function appendAttachedLayers(
  at: StoreRepo,
  tag: string,
  added: AttachedLayer[],
  /** True when the layers were just signed (their blobs cannot be there yet). */
  newContent = false
): Promise<void> {
  const existing = await readLayerDescriptors(at, tag)
  const known = new Set(existing.map((l) => `${l.digest}|${JSON.stringify(l.annotations ?? {})}`))
  const fresh = added.filter(
    (l) => !known.has(`${l.descriptor.digest}|${JSON.stringify(l.descriptor.annotations ?? {})}`)
  )
  if (fresh.length === 0) return
  const layers = [...existing, ...fresh.map((l) => l.descriptor)]
  if (layers.length > MAX_SIGNATURE_LAYERS) {
    throw new TrustError(
      'SIGNING_FAILED',
      `${storeLocation(at.store, at.repo)}:${tag} would hold ${layers.length} signatures, over cosign's limit of ${MAX_SIGNATURE_LAYERS}`,
      {
        hint: 'remove stale signatures from that tag'
      }
    )
  }
  for (const layer of fresh) await putBlob(at.store, at.repo, layer.blob, newContent)
  const image = buildSignatureImage(layers)
  await putBlob(at.store, at.repo, image.config, newContent)
  await at.store.manifestPut(at.repo, tag, {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    bytes: image.manifest
  })
}
