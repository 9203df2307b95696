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
import { indexChildren } from './index-children.js'
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

/** A manifest's policy that applies to a subject (kpromo: every source registry containing it). */
export interface ApplicablePolicy {
  policy: ProvenancePolicy
  /** The image name relative to that policy's source registry. */
  image: string
  /** The highest level of the policy's `levels:` entries matching the image; 0: none. */
  requiredLevel?: number
}

export interface ProvenanceSubject extends DigestSubject {
  /** Manifest policies that apply; none: the run-wide policy. All must be satisfied. */
  policies?: ApplicablePolicy[]
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
export interface ProvenanceVerdict extends ProvenanceSubject {
  status: 'verified' | 'missing' | 'rejected' | 'skipped'
  blocking: boolean
  message: string
  /** Reported findings that are not fatal (foreign signers, other predicate types, no provenance in warn mode). */
  warnings: string[]
  candidates: CandidateVerdict[]
  /** The SLSA build level verified (lowest across the policies), when they state builder levels. */
  slsaLevel?: number
  /** Set when an index without provenance of its own was accepted through these platform manifests. */
  throughPlatforms?: string[]
  error?: PromoterError
}

function conclude(
  subject: ProvenanceSubject,
  policy: ProvenancePolicy,
  candidates: CandidateVerdict[],
  applied?: ApplicablePolicy,
  /** Violations found elsewhere (an index's platform manifests). */
  extra: string[] = []
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
  const types = predicateTypesOf(policy)
  const provenance = candidates.filter(
    (c) => c.status === 'verified' && types.includes(c.predicateType ?? '')
  )
  const levels = provenance.flatMap((c) => (c.slsaLevel === undefined ? [] : [c.slsaLevel]))
  // kpromo: an image gets the highest level of its passing provenances.
  const slsaLevel = levels.length ? Math.max(...levels) : undefined
  const violations = [
    ...(provenance.length ? [] : [`${ref} has no verified provenance (${types.join(', ')})`]),
    ...levelViolation(ref, slsaLevel, provenance.length > 0, applied),
    ...(policy.requiredPredicateTypes ?? [])
      .filter((t) => !candidates.some((c) => c.status === 'verified' && c.predicateType === t))
      .map((t) => `no attestation of type ${t} about ${subject.digest} signed by a trusted signer`),
    ...extra
  ]
  const good = provenance[0]
  if (good && violations.length === 0)
    return {
      ...base,
      status: 'verified',
      blocking: false,
      message: `${ref} has provenance from ${good.builderId ?? good.signer?.subject}${slsaLevel === undefined ? '' : ` (SLSA build level ${slsaLevel})`}`,
      ...(slsaLevel !== undefined && { slsaLevel })
    }
  const message = violations.join('; ')
  const status = good ? 'rejected' : 'missing'
  if (policy.mode === 'require') {
    const error = new TrustError('CLAIM_MISMATCH', message, {
      hint: 'attach SLSA provenance (and the required attestations) signed by a policy signer in staging, or set provenance mode to warn',
      image: ref,
      position: subject.positions[0]
    })
    return { ...base, status, blocking: true, message, error }
  }
  return { ...base, status, blocking: false, message, warnings: [...warnings, message] }
}

/** A platform manifest of an index, with the attestations found about it. */
interface Platform {
  digest: string
  found: CandidateVerdict[]
}

/**
 * kpromo v4.6 evaluates an index on its own or, when it has no build provenance of its own, through
 * its platform manifests (builders attest those): all of them must satisfy the policy, each with
 * its own attestations (a nested index too: its own only), and the level is their lowest.
 * Provenance about the index that does not pass is never outweighed by its platform manifests.
 */
async function throughPlatforms(
  subject: ProvenanceSubject,
  policy: ProvenancePolicy,
  own: ProvenanceVerdict,
  judge: (found: CandidateVerdict[]) => CandidateVerdict[],
  platformsOf: () => Promise<Platform[]>,
  applied?: ApplicablePolicy
): Promise<ProvenanceVerdict> {
  const types = predicateTypesOf(policy)
  const ownProvenance = own.candidates.some((c) => types.includes(c.predicateType ?? ''))
  if (own.status === 'verified' || ownProvenance) return own
  const platforms = await platformsOf()
  if (platforms.length === 0) return own
  const results = platforms.map((p) =>
    conclude({ ...subject, digest: p.digest }, policy, judge(p.found), applied)
  )
  // Their findings (foreign signers, other types) are reported with the index.
  const found = results.flatMap((r) => r.warnings.filter((w) => w !== r.message))
  const unsatisfied = results.filter((r) => r.status !== 'verified')
  if (unsatisfied.length > 0) {
    const failed = conclude(
      subject,
      policy,
      own.candidates,
      applied,
      unsatisfied.map((r) => `platform manifest ${r.digest}: ${r.message}`)
    )
    return { ...failed, warnings: [...new Set([...failed.warnings, ...found])] }
  }
  const levels = results.map((r) => r.slsaLevel)
  const slsaLevel = levels.every((l) => l !== undefined) ? Math.min(...levels) : undefined
  const ref = `${subject.repository}@${subject.digest}`
  return {
    ...subject,
    candidates: own.candidates,
    warnings: [...new Set([...own.warnings.filter((w) => w !== own.message), ...found])],
    status: 'verified',
    blocking: false,
    message: `${ref} has provenance through its ${results.length} platform manifests${slsaLevel === undefined ? '' : ` (SLSA build level ${slsaLevel})`}`,
    throughPlatforms: platforms.map((p) => p.digest),
    ...(slsaLevel !== undefined && { slsaLevel })
  }
}

/** kpromo's per-image levels: the image's highest verified level must reach what `levels` require. */
function levelViolation(
  ref: string,
  level: number | undefined,
  found: boolean,
  applied?: ApplicablePolicy
): string[] {
  const required = applied?.requiredLevel ?? 0
  if (!found || required === 0 || (level ?? 0) >= required) return []
  return [
    `provenance of ${ref} verifies at SLSA build level ${level ?? 0}, the policy requires ${required} for ${applied!.image}`
  ]
}

/** One verdict for all policies: the first blocking one, else the first unsatisfied, else the lowest level. */
function combine(verdicts: ProvenanceVerdict[]): ProvenanceVerdict {
  if (verdicts.length === 1) return verdicts[0]!
  const worst =
    verdicts.find((v) => v.blocking) ??
    verdicts.find((v) => v.status !== 'verified') ??
    verdicts[0]!
  const levels = verdicts.flatMap((v) => (v.slsaLevel === undefined ? [] : [v.slsaLevel]))
  return {
    ...worst,
    warnings: [...new Set(verdicts.flatMap((v) => v.warnings))],
    ...(levels.length && { slsaLevel: Math.min(...levels) })
  }
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
  const run = { identity: inputs.identity, keys: inputs.trustedKeys }
  return mapBounded(
    uniqueSubjects(inputs.subjects),
    inputs.concurrency ?? DEFAULT_TRUST_CONCURRENCY,
    async (subject) => {
      const applied: (ApplicablePolicy | undefined)[] = subject.policies?.length
        ? subject.policies
        : [undefined]
      const policies = applied.map((a) => mergeProvenancePolicy(inputs.policy, a?.policy))
      if (policies.every((p) => p.mode === 'off')) {
        return {
          ...subject,
          status: 'skipped',
          blocking: false,
          message: 'provenance not checked (mode off)',
          warnings: [],
          candidates: []
        } satisfies ProvenanceVerdict
      }
      // Fail closed: with nobody trusted, "any valid signature" must never count as verified.
      // The pipeline refuses `require` without a signer before any read; this is the backstop.
      const problem = policies.map((p) => provenanceSignerProblem(p, run)).find(Boolean)
      if (problem)
        return unsigned(
          subject,
          policies.find((p) => p.mode === 'require') ?? policies[0]!,
          problem
        )
      try {
        const types = [
          ...new Set(
            policies.flatMap((p) => [...predicateTypesOf(p), ...(p.requiredPredicateTypes ?? [])])
          )
        ]
        const at = inputs.resolveStore(subject.repository)
        const judge = (digest: string) => judgeAttestations(at, digest, contextFor, types)
        const found = await judge(subject.digest)
        // Read once, and only for an index some policy does not accept on its own.
        let platforms: Promise<Platform[]> | undefined
        const platformsOf = () =>
          (platforms ??= indexChildren(at, subject.digest).then((children) =>
            Promise.all(children.map(async (digest) => ({ digest, found: await judge(digest) })))
          ))
        const verdicts: ProvenanceVerdict[] = []
        for (const [i, policy] of policies.entries()) {
          const signers = provenanceSigners(policy, run)
          const apply = (all: CandidateVerdict[]) =>
            all.map((c) => applyProvenancePolicy(policy, signers, c))
          const own = conclude(subject, policy, apply(found), applied[i])
          verdicts.push(
            await throughPlatforms(subject, policy, own, apply, platformsOf, applied[i])
          )
        }
        return combine(verdicts)
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
