// provenance (before copy, read-only): for each unique source digest, SLSA provenance found as
// cosign `.att` layers and as bundle referrers; signature, signer, subject digest, builder and
// source are checked. Attestations by others or of other types are reported, not fatal.
import type { PromoterError } from '../../errors.js'
import { mapLimit } from '../concurrency.js'
import { TrustError, imageFailure } from '../errors.js'
import type { IdentityPolicy } from '../identity.js'
import { judgeAttestations } from '../verify/image-evidence.js'
import type { CandidateVerdict } from '../verify/verdict.js'
import { uniqueSubjects } from './dedupe.js'
import {
  applyProvenancePolicy,
  mergeProvenancePolicy,
  predicateTypesOf,
  provenanceSigners,
  type ProvenancePolicy
} from './provenance-policy.js'
import { DEFAULT_TRUST_CONCURRENCY, type DigestSubject, type StoreResolver } from './types.js'
import { contextFactory, type VerificationOptions } from './verification.js'

export interface ProvenanceSubject extends DigestSubject {
  /** The manifest's `provenance:` block, if any. */
  policy?: Partial<ProvenancePolicy>
}

export interface ProvenanceInputs extends Omit<VerificationOptions, 'policy'> {
  subjects: ProvenanceSubject[]
  resolveStore: StoreResolver
  policy: ProvenancePolicy
  /** The run's certificate identity/issuer: the default provenance signer. */
  identity: IdentityPolicy
  concurrency?: number
}

/** `blocking` verdicts stop that image's edges. */
export interface ProvenanceVerdict extends DigestSubject {
  status: 'verified' | 'missing' | 'rejected' | 'skipped'
  blocking: boolean
  message: string
  /** Reported findings that are not fatal (foreign signers, other predicate types, no provenance in warn mode). */
  warnings: string[]
  candidates: CandidateVerdict[]
  error?: PromoterError
}

function conclude(
  subject: ProvenanceSubject,
  policy: ProvenancePolicy,
  candidates: CandidateVerdict[]
): ProvenanceVerdict {
  const ref = `${subject.repository}@${subject.digest}`
  const warnings = candidates
    .filter((c) => c.status === 'foreign')
    .map((c) => `${c.source} ${c.where}: ${c.reason}`)
  const invalid = candidates.filter((c) => c.status === 'invalid')
  const base = { ...subject, candidates, warnings }
  if (invalid.length > 0) {
    const error = new TrustError(
      'SIGNATURE_INVALID',
      `provenance of ${ref} does not verify: ${invalid.map((c) => `${c.source} ${c.where}: ${c.reason}`).join('; ')}`,
      {
        hint: 'the attestation by the trusted signer is broken or names another image; rebuild or re-attest it in staging',
        image: ref,
        position: subject.positions[0]
      }
    )
    return { ...base, status: 'rejected', blocking: true, message: error.message, error }
  }
  const good = candidates.find((c) => c.status === 'verified')
  if (good)
    return {
      ...base,
      status: 'verified',
      blocking: false,
      message: `${ref} has provenance from ${good.builderId ?? good.signer?.subject}`
    }
  const message = `${ref} has no verified provenance (${predicateTypesOf(policy).join(', ')})`
  if (policy.mode === 'require') {
    const error = new TrustError('CLAIM_MISMATCH', message, {
      hint: 'attach SLSA provenance signed by an allowed signer in staging, or set provenance mode to warn',
      image: ref,
      position: subject.positions[0]
    })
    return { ...base, status: 'missing', blocking: true, message, error }
  }
  return { ...base, status: 'missing', blocking: false, message, warnings: [...warnings, message] }
}

export async function verifyProvenance(inputs: ProvenanceInputs): Promise<ProvenanceVerdict[]> {
  // One cryptographic pass for any signer; the policy then decides who counts.
  const contextFor = contextFactory({ ...inputs, policy: {} })
  return mapLimit(
    uniqueSubjects(inputs.subjects),
    inputs.concurrency ?? DEFAULT_TRUST_CONCURRENCY,
    async (subject) => {
      const policy = mergeProvenancePolicy(inputs.policy, subject.policy)
      if (policy.mode === 'off') {
        return {
          ...subject,
          status: 'skipped',
          blocking: false,
          message: 'provenance not checked (mode off)',
          warnings: [],
          candidates: []
        } satisfies ProvenanceVerdict
      }
      const signers = provenanceSigners(policy, inputs.identity)
      try {
        const found = await judgeAttestations(
          inputs.resolveStore(subject.repository),
          subject.digest,
          contextFor,
          predicateTypesOf(policy)
        )
        return conclude(
          subject,
          policy,
          found.map((c) => applyProvenancePolicy(policy, signers, c))
        )
      } catch (thrown) {
        const error = imageFailure(thrown)
        return {
          ...subject,
          status: 'rejected',
          blocking: true,
          message: error.message,
          warnings: [],
          candidates: [],
          error
        } satisfies ProvenanceVerdict
      }
    }
  )
}
