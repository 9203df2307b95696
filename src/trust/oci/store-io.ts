// Small Store helpers the trust phases share: reading JSON manifests (a missing one is undefined) and
// bounded blobs, and uploading small blobs. All registry access goes through the Store interface.
import type { Readable } from 'node:stream'
import { InFlight } from '../../concurrency/index.js'
import { sha256Digest } from '../../oci/digest.js'
import { isNotFound } from '../../oci/not-found.js'
import type { Descriptor, FetchedManifest, Store } from '../../oci/store.js'
import { TrustError } from '../errors.js'

/** Signature material is small; refuse anything bigger rather than buffer it. */
export const MAX_TRUST_BLOB_BYTES = 4 * 1024 * 1024

export interface OciManifestJson {
  schemaVersion: number
  mediaType?: string
  artifactType?: string
  config: Descriptor
  layers: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

/** Read a manifest; undefined when it does not exist, TrustError for any other failure. */
export async function readManifest(
  store: Store,
  repo: string,
  reference: string
): Promise<FetchedManifest | undefined> {
  try {
    return await store.manifestGet(repo, reference)
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw readFailed(store, repo, reference, error)
  }
}

export function parseManifestJson(manifest: FetchedManifest): OciManifestJson {
  const parsed = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as OciManifestJson
  if (!Array.isArray(parsed.layers)) parsed.layers = []
  return parsed
}

async function collect(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    total += (chunk as Buffer).length
    if (total > limit) {
      stream.destroy()
      throw new Error(`blob exceeds ${limit} bytes`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Read a small blob; its digest and size are checked against the descriptor. */
export async function readBlob(store: Store, repo: string, layer: Descriptor): Promise<Buffer> {
  if (layer.size > MAX_TRUST_BLOB_BYTES) {
    throw new TrustError(
      'MALFORMED_ARTIFACT',
      `blob ${layer.digest} is ${layer.size} bytes, over the ${MAX_TRUST_BLOB_BYTES}-byte limit for signature material`
    )
  }
  try {
    const reader = await store.blobGet(repo, layer.digest)
    const bytes = await collect(reader.stream, MAX_TRUST_BLOB_BYTES)
    checkBlob(layer, bytes)
    return bytes
  } catch (error) {
    if (error instanceof TrustError) throw error
    throw readFailed(store, repo, layer.digest, error)
  }
}

/** Throws when bytes are not what the descriptor names (digest and size). */
export function checkBlob(layer: Descriptor, bytes: Buffer): void {
  if (sha256Digest(bytes) !== layer.digest || bytes.length !== layer.size) {
    throw new TrustError(
      'MALFORMED_ARTIFACT',
      `blob digest/size mismatch: descriptor names ${layer.digest} (${layer.size} bytes), content is ${sha256Digest(bytes)} (${bytes.length} bytes)`,
      {
        detail: 'DIGEST_MISMATCH'
      }
    )
  }
}

/** Uploads in flight per store and `repo@digest`, shared by concurrent callers. */
const uploading = new WeakMap<Store, InFlight<void>>()

/**
 * Upload a small blob unless the repository already has it. `fresh`: content just made (a new
 * signature payload), so asking first would only cost a request. Concurrent calls for one blob
 * share one upload: every referrer carries the same empty config, and some registries fail
 * parallel uploads of one digest.
 */
export async function putBlob(
  store: Store,
  repo: string,
  bytes: Buffer,
  fresh = false
): Promise<Descriptor & { size: number }> {
  const digest = sha256Digest(bytes)
  let inFlight = uploading.get(store)
  if (!inFlight) uploading.set(store, (inFlight = new InFlight()))
  await inFlight.run(`${repo}@${digest}`, async () => {
    if (fresh || !(await store.blobHas(repo, digest)))
      await store.blobPut(repo, digest, bytes.length, bytes)
  })
  return { mediaType: '', digest, size: bytes.length }
}

export function readFailed(
  store: Store,
  repo: string,
  reference: string,
  cause: unknown
): TrustError {
  return new TrustError(
    'REGISTRY_READ_FAILED',
    `cannot read ${storeLocation(store, repo)}:${reference}: ${(cause as Error)?.message ?? String(cause)}`,
    {
      hint: 'check that the registry is reachable and the credentials allow reading; a re-run retries',
      registry: store.host,
      cause
    }
  )
}

/** A store repository as people write it: `host/path` or `oci:<dir>`. */
export function storeLocation(store: Store, repo: string): string {
  return store.kind === 'layout' ? `oci:${repo}` : `${store.host}/${repo}`
}
