// provenance (before copy, read-only): for each unique source digest, SLSA provenance found as
// cosign `.att` layers and as bundle referrers; signature, signer, subject digest, builder and
// source are checked. Attestations by others or of other types are reported, not fatal.
import type { StoreResolver } from '../../oci/open.js'
import type { PromoterError } from '../../errors.js'
import { mapBounded } from '../../concurrency/index.js'
import { TrustError, imageFailure } from '../errors.js'
import { ANY_KEYLESS_SIGNER, type IdentityPolicy } from '../identity.js'
import { judgeAttestations } from '../verify/image-evidence.js'
import type { CandidateVerdict } from '../verify/verdict.js'
import { uniqueSubjects } from './dedupe.js'
import {
  applyProvenancePolicy,
  mergeProvenancePolicy,
  predicateTypesOf,
  provenanceSignerProblem,
  provenanceSigners,
  type ProvenancePolicy
} from './provenance-policy.js'
import { DEFAULT_TRUST_CONCURRENCY, type DigestSubject } from './types.js'
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
  // Invalid with a trusted signer (e.g. names another image) is fatal; invalid without one (it
  // could not be verified at all: garbage, unreadable, tampered) fails only itself and is reported.
  const warnings = candidates
    .filter((c) => c.status === 'foreign' || (c.status === 'invalid' && !c.signer))
    .map((c) => `${c.source} ${c.where}: ${c.reason}`)
  const invalid = candidates.filter((c) => c.status === 'invalid' && c.signer)
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

/** No trusted signer: `require` blocks the image, `warn` skips it with a warning; nothing is read. */
function unsigned(
  subject: ProvenanceSubject,
  policy: ProvenancePolicy,
  problem: string
): ProvenanceVerdict {
  const ref = `${subject.repository}@${subject.digest}`
  const message = `provenance of ${ref} not checked: ${problem}`
  const base = { ...subject, candidates: [] }
  if (policy.mode !== 'require')
    return { ...base, status: 'skipped', blocking: false, message, warnings: [message] }
  const error = new TrustError('POLICY_INVALID', message, {
    hint: 'set certificate-identity and certificate-oidc-issuer (or a trusted key), or list signers in the manifest provenance block',
    image: ref,
    position: subject.positions[0]
  })
  return { ...base, status: 'rejected', blocking: true, message, warnings: [], error }
}

export async function verifyProvenance(inputs: ProvenanceInputs): Promise<ProvenanceVerdict[]> {
  // One cryptographic pass for any signer; applyProvenancePolicy then decides who counts.
  const contextFor = contextFactory({ ...inputs, policy: ANY_KEYLESS_SIGNER })
  return mapBounded(
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
      const run = { identity: inputs.identity, keys: inputs.trustedKeys }
      // Fail closed: with nobody trusted, "any valid signature" must never count as verified.
      // The pipeline refuses `require` without a signer before any read; this is the backstop.
      const problem = provenanceSignerProblem(policy, run)
      if (problem) return unsigned(subject, policy, problem)
      const signers = provenanceSigners(policy, run)
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
