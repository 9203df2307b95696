// The provenance policy: run-wide options, overridden per manifest by kpromo v4.6's
// `provenance:` block, and how one attestation verdict is judged against it.
import { checkIdentity, type IdentityPolicy } from '../identity.js'
import { SLSA_PROVENANCE_V1 } from '../statement.js'
import type { CandidateVerdict } from '../verify/verdict.js'

/** `off`: not checked; `warn`: missing provenance is a warning; `require`: it blocks the image. */
export type ProvenanceMode = 'off' | 'warn' | 'require'

export interface ProvenancePolicy {
  mode: ProvenanceMode
  /** Who may sign provenance. Default: the run's certificate identity/issuer. */
  signers?: IdentityPolicy[]
  /** Allowed SLSA builder ids (exact). Empty: any builder. */
  builders?: string[]
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

function trusted(signers: IdentityPolicy[], candidate: CandidateVerdict): boolean {
  if (!candidate.signer) return false
  return signers.some((policy) => {
    try {
      checkIdentity(policy, candidate.signer!)
      return true
    } catch {
      return false
    }
  })
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
  if (!trusted(signers, c)) {
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
  if (policy.builders?.length && !policy.builders.includes(c.builderId ?? '')) {
    return {
      ...c,
      status: 'foreign',
      reason: `builder "${c.builderId ?? ''}" is not in the allowed builders`
    }
  }
  if (policy.sources?.length && !sourceAllowed(policy.sources, c.sourceRepository)) {
    return {
      ...c,
      status: 'foreign',
      reason: `source "${c.sourceRepository ?? ''}" is not in the allowed sources`
    }
  }
  return c
}
