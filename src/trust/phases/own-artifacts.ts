// What on an image is this run's own: the one rule behind sign and attest idempotence and behind
// replication. Ours = cryptographically valid, naming this digest, and signed by our key (keyed
// signer) or by a certificate with our run's identity (keyless). Anything by another signer
// neither counts as "already done" nor is copied.
import type { KeyObject } from 'node:crypto'
import type { StoreRepo } from '../../oci/store.js'
import { COSIGN_SIGN_PREDICATE, signatureTag } from '../cosign/constants.js'
import { TrustError } from '../errors.js'
import type { IdentityPolicy } from '../identity.js'
import { readAttachedLayers, type AttachedLayer } from '../oci/attached-image.js'
import { listBundleReferrers, readReferrerBundle } from '../oci/bundle-referrers.js'
import { keyHint } from '../signing/keyed-signer.js'
import type { RunSigner } from '../signing/run-signer.js'
import { PROMOTION_PREDICATE_TYPE } from '../statement.js'
import type { TrustRootProvider } from '../trust-root.js'
import { judgeBundle } from '../verify/attestation.js'
import type { ContextFor } from '../verify/image-evidence.js'
import { isSignatureLayer, judgeSignatureLayer } from '../verify/signature-layer.js'
import { contextFactory, type VerificationOptions } from './verification.js'

/** Our artifacts on one digest. */
export interface OwnSignatures {
  /** Our `.sig` layers (with their payloads). */
  layers: AttachedLayer[]
  /** Our bundle-format signature referrers (manifest digests). */
  referrers: string[]
  /** Signatures of any signer found (ours included, invalid ones too): tells "unsigned" from "not by us". */
  attached: number
}

export interface OwnArtifacts {
  signatures(
    at: StoreRepo,
    digest: string,
    want: { legacy: boolean; bundle: boolean }
  ): Promise<OwnSignatures>
  /** Our attestation referrers of `digest` (manifest digests); default: promotion records. */
  attestations(at: StoreRepo, digest: string, predicateType?: string): Promise<string[]>
}

/**
 * How to verify "by us": exactly the identity this run signs as. Keyed: our public key only (no
 * keyless signature can pass as ours). Keyless: the SAN and issuer of the run's Fulcio certificate
 * (so a reusable workflow, SAN = job_workflow_ref, is recognised as itself) under the trusted root.
 */
async function ownVerification(
  signer: RunSigner,
  trustRoot?: TrustRootProvider
): Promise<VerificationOptions> {
  if (signer.publicKey) {
    return {
      policy: { identity: `key:${keyHint(signer.publicKey)}` },
      trustedKeys: [signer.publicKey],
      trustRoot
    }
  }
  const { subject, issuer } = await signer.identity()
  return { policy: { identity: subject, issuer }, trustRoot }
}

/** Referrers of `digest` with `predicateType` that verify as ours. Unreadable ones are not ours. */
async function ownReferrers(
  at: StoreRepo,
  digest: string,
  predicateType: string,
  contextFor: ContextFor,
  seen?: { count: number }
): Promise<string[]> {
  const mine: string[] = []
  for (const referrer of await listBundleReferrers(at, digest)) {
    if (referrer.predicateType !== predicateType) continue
    if (seen) seen.count++
    let bundle: Buffer
    try {
      bundle = await readReferrerBundle(at, referrer)
    } catch (error) {
      if (error instanceof TrustError) continue
      throw error
    }
    // Outside the try: failing to learn our own identity or trusted root fails the run's step, it
    // does not make an artifact "not ours" (which would sign again).
    const ctx = await contextFor(digest)
    const verdict = judgeBundle(ctx, bundle, referrer.digest, [predicateType])
    if (verdict.status === 'verified') mine.push(referrer.digest)
  }
  return mine
}

/**
 * Our artifacts, recognised by `ownVerification`. It is computed on first use, so a keyless run
 * asks for its identity (a Fulcio certificate) only once something is actually attached.
 */
export function ownArtifacts(signer: RunSigner, trustRoot?: TrustRootProvider): OwnArtifacts {
  return ownArtifactsBy(() => ownVerification(signer, trustRoot))
}

/**
 * Our identity named without a signer (an audit that writes nothing: sigcheck without --confirm):
 * our public key alone, exactly as `ownVerification` for a keyed signer, else a complete keyless
 * identity policy.
 */
export function ownArtifactsOf(
  our: { publicKey?: KeyObject; identity?: IdentityPolicy },
  trustRoot?: TrustRootProvider
): OwnArtifacts {
  const options: VerificationOptions = our.publicKey
    ? {
        policy: { identity: `key:${keyHint(our.publicKey)}` },
        trustedKeys: [our.publicKey],
        trustRoot
      }
    : { policy: our.identity ?? {}, trustRoot }
  return ownArtifactsBy(async () => options)
}

function ownArtifactsBy(verification: () => Promise<VerificationOptions>): OwnArtifacts {
  let context: Promise<ContextFor> | undefined
  const contextFor: ContextFor = async (digest) => {
    context ??= verification().then(contextFactory)
    return (await context)(digest)
  }
  return {
    async signatures(at, digest, want) {
      const found: OwnSignatures = { layers: [], referrers: [], attached: 0 }
      const seen = { count: 0 }
      if (want.legacy) {
        const layers = (await readAttachedLayers(at, signatureTag(digest), isSignatureLayer)) ?? []
        seen.count += layers.length
        const ctx = layers.length > 0 ? await contextFor(digest) : undefined
        found.layers = layers.filter(
          (l, i) => judgeSignatureLayer(ctx!, l.descriptor, l.blob, i).status === 'verified'
        )
      }
      if (want.bundle)
        found.referrers = await ownReferrers(at, digest, COSIGN_SIGN_PREDICATE, contextFor, seen)
      found.attached = seen.count
      return found
    },
    attestations: (at, digest, predicateType = PROMOTION_PREDICATE_TYPE) =>
      ownReferrers(at, digest, predicateType, contextFor)
  }
}
