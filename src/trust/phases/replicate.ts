// Optional replication of our own signature artifacts from the signing repository to the other
// destinations: our missing `.sig` layers are appended there, our missing signature and promotion
// attestation referrers are copied byte for byte. Other signers' artifacts are never copied.
import type { StoreRepo } from '../../oci/store.js'
import { signatureTag } from '../cosign/constants.js'
import type { KeyedLock } from '../../concurrency/index.js'
import { appendAttachedLayers } from '../oci/attached-image.js'
import { copyReferrer, listBundleReferrers } from '../oci/bundle-referrers.js'
import { storeLocation } from '../oci/store-io.js'
import type { OwnArtifacts } from './own-artifacts.js'
import type { SignatureFormat } from './sign-digest.js'

async function copyMissingReferrers(
  from: StoreRepo,
  to: StoreRepo,
  digest: string,
  referrers: readonly string[]
): Promise<void> {
  if (referrers.length === 0) return
  const present = new Set((await listBundleReferrers(to, digest)).map((r) => r.digest))
  for (const referrer of referrers)
    if (!present.has(referrer)) await copyReferrer(from, to, referrer)
}

export async function replicateSignatures(
  from: StoreRepo,
  to: StoreRepo,
  digest: string,
  formats: readonly SignatureFormat[],
  own: OwnArtifacts,
  locks: KeyedLock
): Promise<void> {
  const ours = await own.signatures(from, digest, {
    legacy: formats.includes('legacy'),
    bundle: formats.includes('bundle')
  })
  if (ours.layers.length > 0) {
    const tag = signatureTag(digest)
    await locks.run(`${storeLocation(to.store, to.repo)}:${tag}`, () =>
      appendAttachedLayers(to, tag, ours.layers)
    )
  }
  await copyMissingReferrers(from, to, digest, ours.referrers)
}

export async function replicateAttestations(
  from: StoreRepo,
  to: StoreRepo,
  digest: string,
  own: OwnArtifacts
): Promise<void> {
  await copyMissingReferrers(from, to, digest, await own.attestations(from, digest))
}
