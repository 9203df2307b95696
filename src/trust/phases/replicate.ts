// Optional replication of our signature artifacts from the signing repository to the other
// destinations: missing `.sig` layers are appended there, missing signature referrers re-attached.
import { COSIGN_SIGN_PREDICATE, signatureTag } from '../cosign/constants.js'
import type { KeyedMutex } from '../concurrency.js'
import { appendAttachedLayers, readAttachedLayers } from '../oci/attached-image.js'
import { copyReferrer, listBundleReferrers } from '../oci/bundle-referrers.js'
import { storeLocation } from '../oci/store-io.js'
import { isSignatureLayer } from '../verify/signature-layer.js'
import type { SignatureFormat } from './sign-digest.js'
import type { StoreLocation } from './types.js'

export async function replicateSignatures(
  from: StoreLocation,
  to: StoreLocation,
  digest: string,
  formats: readonly SignatureFormat[],
  locks: KeyedMutex
): Promise<void> {
  if (formats.includes('legacy')) {
    const tag = signatureTag(digest)
    const layers = (await readAttachedLayers(from, tag, isSignatureLayer)) ?? []
    if (layers.length > 0) {
      await locks.run(`${storeLocation(to.store, to.repo)}:${tag}`, () =>
        appendAttachedLayers(to, tag, layers)
      )
    }
  }
  if (formats.includes('bundle')) {
    const present = new Set((await listBundleReferrers(to, digest)).map((r) => r.digest))
    for (const referrer of await listBundleReferrers(from, digest)) {
      if (referrer.predicateType !== COSIGN_SIGN_PREDICATE || present.has(referrer.digest)) continue
      await copyReferrer(from, to, referrer.digest)
    }
  }
}
