// The provenance policy: run-wide options, overridden per manifest by kpromo v4.6's
// `provenance:` block, and how one attestation verdict is judged against it.
import {
  isCompletePolicy,
  isKeySigner,
  matchesAnyIdentity,
  trustPolicyProblem,
  type IdentityPolicy,
  type TrustPolicy
} from '../identity.js'
import { keyHint } from '../signing/keyed-signer.js'
import { SLSA_PROVENANCE_V1 } from '../statement.js'
import type { CandidateVerdict } from '../verify/verdict.js'
import { builderProblem, type BuilderRule } from './provenance-builders.js'

/** `off`: not checked; `warn`: missing provenance is a warning; `require`: it blocks the image. */
export type ProvenanceMode = 'off' | 'warn' | 'require'

export interface ProvenancePolicy {
  mode: ProvenanceMode
  /** Who may sign provenance. Default: the run's certificate identity/issuer. */
  signers?: IdentityPolicy[]
  /** Allowed SLSA builder ids (exact). Empty, with no builderRules and no minLevel: any builder. */
  builders?: string[]
  /** kpromo's builder objects; a builder is allowed when it is in `builders` or fits a rule. */
  builderRules?: BuilderRule[]
  /** Minimum SLSA build level (0-4): only rules declaring at least this level allow a builder. */
  minLevel?: number
  /** Allowed source repositories (exact, or a prefix ending in `/`). Empty: any source. */
  sources?: string[]
  /** Predicate types that count as provenance. Default: SLSA provenance v1. */
  predicateTypes?: string[]
}

export const DEFAULT_PROVENANCE_MODE: ProvenanceMode = 'warn'

/** The manifest's block wins field by field over the run-wide policy. */
export function mergeProvenancePolicy(
  run: ProvenancePolicy,
  manifest?: Partial<ProvenancePolicy>
): ProvenancePolicy {
  return {
    ...run,
    ...Object.fromEntries(Object.entries(manifest ?? {}).filter(([, v]) => v !== undefined))
  }
}

export function predicateTypesOf(policy: ProvenancePolicy): string[] {
  return policy.predicateTypes?.length ? policy.predicateTypes : [SLSA_PROVENANCE_V1]
}

/**
 * Who may sign provenance at all: the policy's signers; without them, the signers its builder
 * rules name (kpromo blocks may list signers only per builder); else the run's trust policy (its
 * complete identity, and its trusted keys as `key:<hint>` signers). Incomplete entries are
 * dropped: they trust nobody.
 */
export function provenanceSigners(policy: ProvenancePolicy, run: TrustPolicy): IdentityPolicy[] {
  const perBuilder = (policy.builderRules ?? []).flatMap((r) => r.signers ?? [])
  const listed = policy.signers?.length ? policy.signers : perBuilder
  const signers = listed.length
    ? listed
    : [
        ...(run.identity ? [run.identity] : []),
        ...(run.keys ?? []).map((key) => ({ identity: `key:${keyHint(key)}` }))
      ]
  // A key signer can only ever match when the run trusts that key (verification needs it).
  const trusted = new Set((run.keys ?? []).map((key) => `key:${keyHint(key)}`))
  return signers.filter(
    (s) => isCompletePolicy(s) && (!isKeySigner(s) || trusted.has(s.identity!.toLowerCase()))
  )
}

/**
 * Why provenance cannot be checked under `policy` (undefined: it can): nobody is trusted to sign
 * it. The run-wide fallback follows the one completeness rule (trustPolicyProblem).
 */
export function provenanceSignerProblem(
  policy: ProvenancePolicy,
  run: TrustPolicy
): string | undefined {
  const listed =
    (policy.signers?.length ?? 0) > 0 ||
    (policy.builderRules ?? []).some((r) => (r.signers?.length ?? 0) > 0)
  if (provenanceSigners(policy, run).length > 0) return undefined
  if (!listed) return `provenance: ${trustPolicyProblem(run) ?? 'no trusted signer'}`
  return 'provenance: no listed signer can be trusted (a key signer needs its public key among the trusted keys)'
}

const sourceAllowed = (allowed: string[], source?: string) =>
  source !== undefined &&
  allowed.some((a) => source === a || (a.endsWith('/') && source.startsWith(a)))

/** Re-judge a candidate verified for any identity against the policy's signers, builders, sources. */
export function applyProvenancePolicy(
  policy: ProvenancePolicy,
  signers: IdentityPolicy[],
  c: CandidateVerdict
): CandidateVerdict {
  if (c.status === 'skipped' || c.status === 'foreign') return c
  if (!matchesAnyIdentity(signers, c.signer)) {
    // A foreign signer's attestation is reported, never fatal (kpromo v4.6), whatever its state.
    return c.signer
      ? {
          ...c,
          status: 'foreign',
          reason: `signed by "${c.signer.subject}", not a trusted provenance signer`
        }
      : c
  }
  if (c.status !== 'verified') return c
  const builder = builderProblem(policy, c)
  if (builder) return { ...c, status: 'foreign', reason: builder }
  if (policy.sources?.length && !sourceAllowed(policy.sources, c.sourceRepository)) {
    return {
      ...c,
      status: 'foreign',
      reason: `source "${c.sourceRepository ?? ''}" is not in the allowed sources`
    }
  }
  return c
}
