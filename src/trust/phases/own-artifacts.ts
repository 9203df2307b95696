// What on an image is this run's own: the one rule behind sign and attest idempotence and behind
// replication. Ours = cryptographically valid, naming this digest, and signed by our key (keyed
// signer) or by a certificate matching our identity policy (keyless). Anything by another signer
// neither counts as "already done" nor is copied.
import { COSIGN_SIGN_PREDICATE, signatureTag } from '../cosign/constants.js'
import { TrustError } from '../errors.js'
import { isCompletePolicy, type IdentityPolicy } from '../identity.js'
import { readAttachedLayers, type AttachedLayer } from '../oci/attached-image.js'
import { listBundleReferrers, readReferrerBundle } from '../oci/bundle-referrers.js'
import { keyHint } from '../signing/keyed-signer.js'
import type { RunSigner } from '../signing/run-signer.js'
import { PROMOTION_PREDICATE_TYPE } from '../statement.js'
import type { TrustRootProvider } from '../trust-root.js'
import { judgeBundle } from '../verify/attestation.js'
import type { ContextFor } from '../verify/image-evidence.js'
import { isSignatureLayer, judgeSignatureLayer } from '../verify/signature-layer.js'
import type { StoreLocation } from './types.js'
import { contextFactory, type VerificationOptions } from './verification.js'

/**
 * Who the run signs as, as configured: the certificate identity policy of a keyless signer and the
 * trusted root to check its certificates. A keyed signer is recognised by its key alone.
 */
export interface OwnIdentityOptions {
  policy: IdentityPolicy
  trustRoot?: TrustRootProvider
}

/** Our artifacts on one digest. */
export interface OwnSignatures {
  /** Our `.sig` layers (with their payloads). */
  layers: AttachedLayer[]
  /** Our bundle-format signature referrers (manifest digests). */
  referrers: string[]
}

export interface OwnArtifacts {
  signatures(
    at: StoreLocation,
    digest: string,
    want: { legacy: boolean; bundle: boolean }
  ): Promise<OwnSignatures>
  /** Our promotion attestation referrers of `digest` (manifest digests). */
  attestations(at: StoreLocation, digest: string): Promise<string[]>
}

/**
 * How to verify "by us". Keyed: our public key only (no keyless signature can pass as ours).
 * Keyless: the identity policy, which must name an identity and an issuer.
 */
export function ownVerification(
  signer: RunSigner,
  own: OwnIdentityOptions = { policy: {} }
): VerificationOptions {
  if (signer.publicKey) {
    return {
      ...own,
      policy: { identity: `key:${keyHint(signer.publicKey)}` },
      trustedKeys: [signer.publicKey]
    }
  }
  if (!isCompletePolicy(own.policy)) {
    throw new TrustError(
      'POLICY_INVALID',
      'keyless signing needs the signer identity and issuer to recognise earlier signatures and attestations',
      {
        hint: 'set certificate-identity (or -regexp) and certificate-oidc-issuer (or -regexp) to the signing identity'
      }
    )
  }
  return own
}

/** Referrers of `digest` with `predicateType` that verify as ours. Unreadable ones are not ours. */
async function ownReferrers(
  at: StoreLocation,
  digest: string,
  predicateType: string,
  contextFor: ContextFor
): Promise<string[]> {
  const mine: string[] = []
  for (const referrer of await listBundleReferrers(at, digest)) {
    if (referrer.predicateType !== predicateType) continue
    try {
      const bundle = await readReferrerBundle(at, referrer)
      const verdict = judgeBundle(await contextFor(digest), bundle, referrer.digest, [
        predicateType
      ])
      if (verdict.status === 'verified') mine.push(referrer.digest)
    } catch (error) {
      if (!(error instanceof TrustError)) throw error
    }
  }
  return mine
}

export function ownArtifacts(signer: RunSigner, own?: OwnIdentityOptions): OwnArtifacts {
  const contextFor = contextFactory(ownVerification(signer, own))
  return {
    async signatures(at, digest, want) {
      const found: OwnSignatures = { layers: [], referrers: [] }
      if (want.legacy) {
        const layers = (await readAttachedLayers(at, signatureTag(digest), isSignatureLayer)) ?? []
        const ctx = layers.length > 0 ? await contextFor(digest) : undefined
        found.layers = layers.filter(
          (l, i) => judgeSignatureLayer(ctx!, l.descriptor, l.blob, i).status === 'verified'
        )
      }
      if (want.bundle)
        found.referrers = await ownReferrers(at, digest, COSIGN_SIGN_PREDICATE, contextFor)
      return found
    },
    attestations: (at, digest) => ownReferrers(at, digest, PROMOTION_PREDICATE_TYPE, contextFor)
  }
}
