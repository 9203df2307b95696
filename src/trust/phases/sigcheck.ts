// sigcheck (kpromo's signature audit): for each promoted digest, is our signature on its signing
// repository (an index's platform manifests included), is our promotion attestation there, and,
// with replication on, are both on every other destination? Reads only; the repair is the sign
// and attest phases run again on exactly the images found lacking (they skip what is ours).
import type { PromoterError } from '../../errors.js'
import { mapBounded } from '../../concurrency/index.js'
import type { StoreResolver } from '../../oci/open.js'
import type { StoreRepo } from '../../oci/store.js'
import { imageFailure } from '../errors.js'
import { indexChildren } from './index-children.js'
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
}

const wantOf = (format: SignatureFormatOption = 'legacy') => ({
  legacy: format !== 'bundle',
  bundle: format !== 'legacy'
})

/** Our signature in every wanted format; `foreign` when someone else's is there instead. */
async function signatureOf(
  own: OwnArtifacts,
  at: StoreRepo,
  digest: string,
  want: { legacy: boolean; bundle: boolean }
): Promise<{ ours: boolean; foreign: boolean }> {
  const found = await own.signatures(at, digest, want)
  const ours =
    (!want.legacy || found.layers.length > 0) && (!want.bundle || found.referrers.length > 0)
  return { ours, foreign: found.attached > found.layers.length + found.referrers.length }
}

async function checkTarget(
  target: SigningTarget,
  inputs: SigcheckInputs
): Promise<Omit<SigcheckFinding, 'identity' | 'repository' | 'digest' | 'tags' | 'images'>> {
  const want = wantOf(inputs.format)
  const at = inputs.resolveStore(target.repository)
  const digests = [target.digest, ...(await indexChildren(at, target.digest))]
  const unsigned: string[] = []
  let foreign = false
  for (const digest of digests) {
    const state = await signatureOf(inputs.own, at, digest, want)
    if (!state.ours) unsigned.push(digest)
    foreign ||= state.foreign
  }
  const checkAttestation = inputs.checkAttestation?.(target.images[0]!) ?? true
  const attested = checkAttestation && (await inputs.own.attestations(at, target.digest)).length > 0
  const signatureMissingIn: string[] = []
  const attestationMissingIn: string[] = []
  if (inputs.replicate) {
    for (const replica of target.replicas) {
      const there = inputs.resolveStore(replica)
      if (unsigned.length === 0)
        for (const digest of digests)
          if (!(await signatureOf(inputs.own, there, digest, want)).ours) {
            signatureMissingIn.push(replica)
            break
          }
      if (attested && (await inputs.own.attestations(there, target.digest)).length === 0)
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
      const found = await checkTarget(target, inputs)
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
