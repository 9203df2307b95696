// Referrers in a layout use the distribution spec's referrers tag schema: an image index tagged
// `sha256-<hex of subject>` lists every manifest whose `subject` is that digest. It is what a
// registry without the referrers API holds, so both stores answer alike.
import { digestHex } from '../digest.js'
import { MEDIA_TYPE } from '../media-types.js'
import type { Descriptor, RawManifest } from '../store.js'
import type { KeyedLock } from '../../concurrency/index.js'
import { manifestPut, manifestRead } from './manifest.js'
import { parseJsonObject, type ManifestContent } from './manifest-content.js'
import { blobPath } from './paths.js'

/** The fallback tag naming the referrers index of `subject` (`sha256-<hex>`). */
export function referrersTag(subject: string): string {
  return `sha256-${digestHex(subject)}`
}

/** The descriptor a referrers index lists for a referrer (image-spec referrers API fields). */
export function referrerDescriptor(
  digest: string,
  manifest: RawManifest,
  content: ManifestContent
): Descriptor {
  const descriptor: Descriptor = {
    mediaType: manifest.mediaType,
    digest,
    size: manifest.bytes.length
  }
  if (content.artifactType !== undefined) descriptor.artifactType = content.artifactType
  if (content.annotations !== undefined) descriptor.annotations = content.annotations
  return descriptor
}

async function readReferrers(dir: string, subject: string): Promise<Descriptor[]> {
  blobPath(dir, subject) // throws DIGEST_INVALID for anything but a sha256 digest
  const found = await manifestRead(dir, referrersTag(subject))
  if (found === undefined) return []
  const manifests = parseJsonObject(found.bytes)?.manifests
  return Array.isArray(manifests) ? (manifests as Descriptor[]) : []
}

/** Manifests whose subject is `subject`, optionally only those of one artifact type. */
export async function referrersList(
  dir: string,
  subject: string,
  artifactType?: string
): Promise<Descriptor[]> {
  const referrers = await readReferrers(dir, subject)
  return artifactType === undefined
    ? referrers
    : referrers.filter((referrer) => referrer.artifactType === artifactType)
}

/**
 * Add `referrer` to the referrers index of `subject` (a no-op when already listed). Runs under a
 * per-directory lock of its own, so concurrent referrers of one subject are all kept.
 */
export async function referrerRecord(
  locks: KeyedLock,
  dir: string,
  subject: string,
  referrer: Descriptor
): Promise<void> {
  await locks.run(`${dir}\0referrers`, async () => {
    const referrers = await readReferrers(dir, subject)
    if (referrers.some((existing) => existing.digest === referrer.digest)) return
    const index = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.ociIndex,
      manifests: [...referrers, referrer]
    }
    const bytes = Buffer.from(JSON.stringify(index))
    await manifestPut(locks, dir, referrersTag(subject), { mediaType: MEDIA_TYPE.ociIndex, bytes })
  })
}
