// Carried attestations (kpromo v4.6): when an image is promoted, the staging attestations its
// provenance policies accepted (verified, about the digest, by a policy signer, and for provenance
// passing the policy) are copied to the signing repository as the same referrer manifests, byte
// for byte, so they stay verifiable as they are. Only images whose applicable policies were all
// satisfied carry; legacy `.att` layers are not carried (no referrer to copy identically).
import { copyReferrer, listBundleReferrers } from '../oci/bundle-referrers.js'
import type { ProvenanceVerdict } from './provenance.js'
import type { SigningTarget } from './targets.js'
import type { StoreResolver } from '../../oci/open.js'

/** The accepted referrers of the staging images a target was promoted from, with their repository. */
export function acceptedReferrers(
  target: SigningTarget,
  verdicts: readonly ProvenanceVerdict[]
): { repository: string; referrer: string }[] {
  const sources = new Set(target.images.map((i) => `${i.source}@${target.digest}`))
  return verdicts
    .filter(
      (v) =>
        sources.has(`${v.repository}@${v.digest}`) &&
        (v.policies?.length ?? 0) > 0 &&
        v.status === 'verified'
    )
    .flatMap((v) =>
      v.candidates
        .filter((c) => c.status === 'verified' && c.source === 'referrer')
        .map((c) => ({ repository: v.repository, referrer: c.where }))
    )
}

/** Copies the accepted referrers missing on the signing repository; returns those copied. */
export async function carryAttestations(
  target: SigningTarget,
  verdicts: readonly ProvenanceVerdict[],
  resolveStore: StoreResolver
): Promise<string[]> {
  const accepted = acceptedReferrers(target, verdicts)
  if (accepted.length === 0) return []
  const to = resolveStore(target.repository)
  const present = new Set((await listBundleReferrers(to, target.digest)).map((r) => r.digest))
  const carried: string[] = []
  for (const { repository, referrer } of accepted) {
    if (present.has(referrer)) continue
    await copyReferrer(resolveStore(repository), to, referrer)
    present.add(referrer)
    carried.push(referrer)
  }
  return carried
}
