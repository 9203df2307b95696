// sigcheck (kpromo's signature audit): for each promoted digest, is our signature on its signing
// repository (an index's platform manifests included), is our promotion attestation there, and,
// with replication on, are both on every other destination? Reads only; the repair is the sign
// and attest phases run again on exactly the images found lacking (they skip what is ours).
// Scale: one tag listing per repository says which digests carry a `.sig` tag (or a referrers
// fallback tag) at all; only those are read and verified (see RepositoryListings).
import type { PromoterError } from '../../errors.js'
import { mapBounded } from '../../concurrency/index.js'
import type { StoreResolver } from '../../oci/open.js'
import type { StoreRepo } from '../../oci/store.js'
import { imageFailure } from '../errors.js'
import { indexChildren } from './index-children.js'
import { RepositoryListings } from './sigcheck-listings.js'
import type { OwnArtifacts } from './own-artifacts.js'
import type { SignatureFormatOption } from './sign.js'
import { signingTargets, type SigningTarget, type TargetOptions } from './targets.js'
import { DEFAULT_TRUST_CONCURRENCY, type PhaseProgress, type PromotedImage } from './types.js'

/** `inconsistent`: ours on the signing repository, missing on a replica. */
export type SignatureState = 'signed' | 'unsigned' | 'wrong-identity' | 'inconsistent' | 'error'
export type AttestationState = 'attested' | 'missing' | 'inconsistent' | 'not-checked' | 'error'

export interface SigcheckFinding {
  identity: string
  repository: string
  digest: string
  tags: string[]
  signature: SignatureState
  attestation: AttestationState
  /** Digests (the image, an index's children) lacking our signature on the signing repository. */
  unsigned: string[]
  /** Replicas lacking one of our signatures. */
  signatureMissingIn: string[]
  /** Replicas lacking our promotion attestation. */
  attestationMissingIn: string[]
  /** The promoted images behind this target (what a repair signs and attests). */
  images: PromotedImage[]
  error?: PromoterError
}

export interface SigcheckInputs extends TargetOptions {
  images: PromotedImage[]
  resolveStore: StoreResolver
  /** Whose artifacts count: the same rule sign and attest use to skip what is done. */
  own: OwnArtifacts
  /** The formats a signature must exist in. Default 'legacy'. */
  format?: SignatureFormatOption
  /** Also check every other destination. Default false. */
  replicate?: boolean
  /** Whether an image's attestation is checked (kpromo --attestations-since). Default all. */
  checkAttestation?: (image: PromotedImage) => boolean
  concurrency?: number
  onProgress?: PhaseProgress
  /** Listings shared across calls (a repair's re-check lists again: pass a fresh one). */
  listings?: RepositoryListings
}

const wantOf = (format: SignatureFormatOption = 'legacy') => ({
  legacy: format !== 'bundle',
  bundle: format !== 'legacy'
})

/**
 * Our signature in every wanted format; `foreign` when someone else's is there instead. A format
 * the repository's listing shows nothing of is not read (it holds no signature, ours or not).
 */
async function signatureOf(
  own: OwnArtifacts,
  listings: RepositoryListings,
  at: StoreRepo,
  digest: string,
  want: { legacy: boolean; bundle: boolean }
): Promise<{ ours: boolean; foreign: boolean }> {
  const read = {
    legacy: want.legacy && (await listings.mayHaveSignatureTag(at, digest)),
    bundle: want.bundle && (await listings.mayHaveReferrers(at, digest))
  }
  const found =
    read.legacy || read.bundle
      ? await own.signatures(at, digest, read)
      : { layers: [], referrers: [], attached: 0 }
  const ours =
    (!want.legacy || found.layers.length > 0) && (!want.bundle || found.referrers.length > 0)
  return { ours, foreign: found.attached > found.layers.length + found.referrers.length }
}

/** Our promotion attestations of `digest` (none read where the listing shows no referrers). */
async function attestationsOf(
  inputs: SigcheckInputs,
  listings: RepositoryListings,
  at: StoreRepo,
  digest: string
): Promise<number> {
  if (!(await listings.mayHaveReferrers(at, digest))) return 0
  return (await inputs.own.attestations(at, digest)).length
}

async function checkTarget(
  target: SigningTarget,
  inputs: SigcheckInputs,
  listings: RepositoryListings
): Promise<Omit<SigcheckFinding, 'identity' | 'repository' | 'digest' | 'tags' | 'images'>> {
  const want = wantOf(inputs.format)
  const at = inputs.resolveStore(target.repository)
  const children = (await listings.mayBeIndex(at, target.digest))
    ? await indexChildren(at, target.digest)
    : []
  const digests = [target.digest, ...children]
  const unsigned: string[] = []
  let foreign = false
  for (const digest of digests) {
    const state = await signatureOf(inputs.own, listings, at, digest, want)
    if (!state.ours) unsigned.push(digest)
    foreign ||= state.foreign
  }
  const checkAttestation = inputs.checkAttestation?.(target.images[0]!) ?? true
  const attested =
    checkAttestation && (await attestationsOf(inputs, listings, at, target.digest)) > 0
  const signatureMissingIn: string[] = []
  const attestationMissingIn: string[] = []
  if (inputs.replicate) {
    for (const replica of target.replicas) {
      const there = inputs.resolveStore(replica)
      if (unsigned.length === 0)
        for (const digest of digests)
          if (!(await signatureOf(inputs.own, listings, there, digest, want)).ours) {
            signatureMissingIn.push(replica)
            break
          }
      if (attested && (await attestationsOf(inputs, listings, there, target.digest)) === 0)
        attestationMissingIn.push(replica)
    }
  }
  return {
    signature:
      unsigned.length > 0
        ? foreign
          ? 'wrong-identity'
          : 'unsigned'
        : signatureMissingIn.length > 0
          ? 'inconsistent'
          : 'signed',
    attestation: !checkAttestation
      ? 'not-checked'
      : !attested
        ? 'missing'
        : attestationMissingIn.length > 0
          ? 'inconsistent'
          : 'attested',
    unsigned,
    signatureMissingIn,
    attestationMissingIn
  }
}

/** One finding per (identity, digest), in target order. A failed read fails only its image. */
export async function checkSignatures(inputs: SigcheckInputs): Promise<SigcheckFinding[]> {
  const targets = signingTargets(inputs.images, inputs)
  const listings = inputs.listings ?? new RepositoryListings()
  let done = 0
  let failed = 0
  return mapBounded(targets, inputs.concurrency ?? DEFAULT_TRUST_CONCURRENCY, async (target) => {
    const base = {
      identity: target.identity,
      repository: target.repository,
      digest: target.digest,
      tags: [...new Set(target.images.flatMap((i) => i.tags))].sort(),
      images: target.images
    }
    try {
      const found = await checkTarget(target, inputs, listings)
      inputs.onProgress?.(++done, targets.length, failed)
      return { ...base, ...found }
    } catch (thrown) {
      inputs.onProgress?.(++done, targets.length, ++failed)
      return {
        ...base,
        signature: 'error',
        attestation: 'error',
        unsigned: [],
        signatureMissingIn: [],
        attestationMissingIn: [],
        error: imageFailure(thrown)
      } satisfies SigcheckFinding
    }
  })
}

export const signatureLacking = (f: SigcheckFinding): boolean =>
  f.signature !== 'signed' && f.signature !== 'error'

export const attestationLacking = (f: SigcheckFinding): boolean =>
  f.attestation === 'missing' || f.attestation === 'inconsistent'

/** Anything to report: lacking, or not readable. */
export const findingFails = (f: SigcheckFinding): boolean =>
  f.error !== undefined || signatureLacking(f) || attestationLacking(f)
