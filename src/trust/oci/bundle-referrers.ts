// Sigstore bundles attached to an image as OCI referrers (cosign v3 / BUNDLE_SPEC layout):
// listing them with their predicate type, reading the bundle, and attaching a new one.
import { sha256Digest } from '../../oci/digest.js'
import { MEDIA_TYPE } from '../../oci/media-types.js'
import { isNotFound } from '../../oci/not-found.js'
import type { Descriptor, StoreRepo } from '../../oci/store.js'
import { BUNDLE_ANNOTATION, COSIGN_MEDIA_TYPE } from '../cosign/constants.js'
import { TrustError } from '../errors.js'
import { parseManifestJson, putBlob, readBlob, readFailed, readManifest } from './store-io.js'

export interface BundleReferrer {
  /** The referrer manifest's digest. */
  digest: string
  predicateType?: string
  /** The bundle layer, once the manifest has been read. */
  layer?: Descriptor
}

const EMPTY_JSON = Buffer.from('{}')
const isBundleType = (type?: string) =>
  type?.startsWith('application/vnd.dev.sigstore.bundle') ?? false

/**
 * Bundle referrers of `digest`. Fallback-index entries written by go-containerregistry carry no
 * annotations and the empty config as artifactType, so those manifests are read to find out.
 */
export async function listBundleReferrers(
  at: StoreRepo,
  digest: string
): Promise<BundleReferrer[]> {
  let descriptors: Descriptor[]
  try {
    descriptors = await at.store.referrersList(at.repo, digest)
  } catch (error) {
    if (isNotFound(error)) return []
    throw readFailed(at.store, at.repo, `referrers of ${digest}`, error)
  }
  const found: BundleReferrer[] = []
  for (const d of descriptors) {
    const predicateType = d.annotations?.[BUNDLE_ANNOTATION.predicateType]
    if (isBundleType(d.artifactType) && predicateType) {
      found.push({ digest: d.digest, predicateType })
    } else if (
      !d.annotations ||
      d.artifactType === MEDIA_TYPE.ociEmpty ||
      isBundleType(d.artifactType)
    ) {
      const resolved = await resolveReferrer(at, d.digest)
      if (resolved) found.push(resolved)
    }
  }
  return found
}

async function resolveReferrer(at: StoreRepo, digest: string): Promise<BundleReferrer | undefined> {
  const manifest = await readManifest(at.store, at.repo, digest)
  if (!manifest) return undefined
  const parsed = parseManifestJson(manifest)
  const layer = parsed.layers.find((l) => isBundleType(l.mediaType))
  if (!layer || !(isBundleType(parsed.artifactType) || isBundleType(layer.mediaType)))
    return undefined
  return { digest, predicateType: parsed.annotations?.[BUNDLE_ANNOTATION.predicateType], layer }
}

/** The bundle JSON bytes of a referrer. */
export async function readReferrerBundle(at: StoreRepo, referrer: BundleReferrer): Promise<Buffer> {
  const layer = referrer.layer ?? (await resolveReferrer(at, referrer.digest))?.layer
  if (!layer)
    throw new TrustError(
      'MALFORMED_ARTIFACT',
      `referrer ${referrer.digest} holds no sigstore bundle`
    )
  return readBlob(at.store, at.repo, layer)
}

export interface AttachBundleOptions {
  bundle: Buffer
  /** `dsse-envelope` or `message-signature`. */
  content: string
  predicateType: string
  /** RFC 3339, seconds precision. */
  created: string
}

/** Attach a bundle to `digest` as a referrer manifest (API or fallback tag, by the store). */
export async function attachBundle(
  at: StoreRepo,
  digest: string,
  options: AttachBundleOptions
): Promise<Descriptor> {
  const subject = await at.store.manifestHead(at.repo, digest)
  if (!subject) {
    throw new TrustError('SIGNING_FAILED', `cannot attach to ${digest}: it is not in ${at.repo}`, {
      hint: 'promote the image first'
    })
  }
  await putBlob(at.store, at.repo, options.bundle, true)
  await putBlob(at.store, at.repo, EMPTY_JSON)
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.ociManifest,
    artifactType: COSIGN_MEDIA_TYPE.sigstoreBundleV03,
    config: {
      mediaType: MEDIA_TYPE.ociEmpty,
      size: EMPTY_JSON.length,
      digest: sha256Digest(EMPTY_JSON)
    },
    layers: [
      {
        mediaType: COSIGN_MEDIA_TYPE.sigstoreBundleV03,
        size: options.bundle.length,
        digest: sha256Digest(options.bundle)
      }
    ],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: {
      [BUNDLE_ANNOTATION.created]: options.created,
      [BUNDLE_ANNOTATION.content]: options.content,
      [BUNDLE_ANNOTATION.predicateType]: options.predicateType
    }
  }
  return at.store.referrerPut(at.repo, {
    mediaType: MEDIA_TYPE.ociManifest,
    bytes: Buffer.from(JSON.stringify(manifest))
  })
}

/** Copy a referrer manifest byte for byte (same digest) with its blobs to another repository. */
export async function copyReferrer(from: StoreRepo, to: StoreRepo, digest: string): Promise<void> {
  const manifest = await readManifest(from.store, from.repo, digest)
  if (!manifest) return
  const parsed = parseManifestJson(manifest)
  for (const blob of [parsed.config, ...parsed.layers]) {
    if (!(await to.store.blobHas(to.repo, blob.digest))) {
      await putBlob(to.store, to.repo, await readBlob(from.store, from.repo, blob))
    }
  }
  await to.store.referrerPut(to.repo, { mediaType: manifest.mediaType, bytes: manifest.bytes })
}
