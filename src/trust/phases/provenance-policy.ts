// The provenance policy: run-wide options, or a manifest's kpromo v4.6 `provenance:` block (a
// whole policy that replaces them for its images), and how one attestation verdict is judged.
import {
  isCompletePolicy,
  isKeySigner,
  matchesAnyIdentity,
  trustPolicyProblem,
  type TrustPolicy
} from '../identity.js'
import { keyHint } from '../signing/keyed-signer.js'
import { SLSA_PROVENANCE_V1 } from '../statement.js'
import type { CandidateVerdict } from '../verify/verdict.js'
import { builderVerdict } from './provenance-builders.js'

export type {
  BuilderRule,
  ImageLevel,
  PolicySigner,
  ProvenanceMode,
  ProvenancePolicy
} from './provenance-types.js'
import type { PolicySigner, ProvenanceMode, ProvenancePolicy } from './provenance-types.js'

export const DEFAULT_PROVENANCE_MODE: ProvenanceMode = 'warn'

/** A manifest's enabled policy replaces the run-wide one whole (kpromo has no run-wide policy). */
export function mergeProvenancePolicy(
  run: ProvenancePolicy,
  manifest?: ProvenancePolicy
): ProvenancePolicy {
  return manifest ?? run
}

export function predicateTypesOf(policy: ProvenancePolicy): string[] {
  return policy.predicateTypes?.length ? policy.predicateTypes : [SLSA_PROVENANCE_V1]
}

/**
 * Who may sign provenance at all: the policy's signers; without them (run-wide policy only: a
 * kpromo policy in warn or require lists them) the run's trust policy (its complete identity, and
 * its trusted keys as `key:<hint>` signers). Incomplete entries are dropped: they trust nobody.
 */
export function provenanceSigners(policy: ProvenancePolicy, run: TrustPolicy): PolicySigner[] {
  const listed = policy.signers ?? []
  const signers: PolicySigner[] = listed.length
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
  const listed = (policy.signers?.length ?? 0) > 0
  if (provenanceSigners(policy, run).length > 0) return undefined
  if (!listed) return `provenance: ${trustPolicyProblem(run) ?? 'no trusted signer'}`
  return 'provenance: no listed signer can be trusted (a key signer needs its public key among the trusted keys)'
}

/** A repository URI as the SLSA verifier compares it: no scheme, `git+`, `.git`, ref or trailing `/`. */
function repoKey(uri: string): string {
  const bare = uri
    .replace(/^git\+/, '')
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/@.*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
  const slash = bare.indexOf('/')
  return slash < 0 ? bare.toLowerCase() : bare.slice(0, slash).toLowerCase() + bare.slice(slash)
}

const sourceAllowed = (allowed: string[], source?: string) =>
  source !== undefined &&
  allowed.some(
    (a) =>
      repoKey(a) === repoKey(source) ||
      (a.endsWith('/') && repoKey(source).startsWith(`${repoKey(a)}/`))
  )

/**
 * Re-judge a candidate verified for any identity against the policy's signers, builders, sources.
 * Only provenance (`predicateTypesOf`) is held to builders and sources; the other required types
 * need a trusted signer only. Verified provenance under builder levels carries its `slsaLevel`.
 */
export function applyProvenancePolicy(
  policy: ProvenancePolicy,
  signers: PolicySigner[],
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
  if (!predicateTypesOf(policy).includes(c.predicateType ?? '')) return c
  const builder = builderVerdict({ ...policy, signers }, c)
  if (builder.problem) return { ...c, status: 'foreign', reason: builder.problem }
  if (policy.sources?.length && !sourceAllowed(policy.sources, c.sourceRepository)) {
    return {
      ...c,
      status: 'foreign',
      reason: `source "${c.sourceRepository ?? ''}" is not in the allowed sources`
    }
  }
  return builder.level === undefined ? c : { ...c, slsaLevel: builder.level }
}
