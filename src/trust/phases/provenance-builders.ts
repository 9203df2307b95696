// Whether the builder named in verified provenance is allowed: exact ids (`builders`) and kpromo's
// builder rules `{id, level, signers}` together (a union), under an optional minimum SLSA build
// level. Builder levels are declared by the policy; provenance does not state its own level.
import { matchesAnyIdentity, type IdentityPolicy } from '../identity.js'
import type { CandidateVerdict } from '../verify/verdict.js'

/** A builder id, the SLSA build level it is declared to reach, and who may sign for it. */
export interface BuilderRule {
  id: string
  level?: number
  /** Narrows (never widens) the policy's signers for provenance naming this builder. */
  signers?: IdentityPolicy[]
}

/** The builder fields of a ProvenancePolicy (provenance-policy.ts documents them). */
interface Policy {
  builders?: string[]
  builderRules?: BuilderRule[]
  minLevel?: number
}

/**
 * Why the candidate's builder is not allowed, or undefined when it is. With `minLevel` set, only
 * rules declaring a level at least that high count: plain ids and rules without a level do not.
 * A rule with signers counts only for provenance signed by one of them.
 */
export function builderProblem(policy: Policy, c: CandidateVerdict): string | undefined {
  const ids = policy.builders ?? []
  const rules = policy.builderRules ?? []
  const min = policy.minLevel
  if (ids.length === 0 && rules.length === 0 && min === undefined) return undefined
  const id = c.builderId ?? ''
  if (min === undefined && ids.includes(id)) return undefined
  const named = rules.filter((r) => r.id === id)
  if (named.length === 0) {
    return min !== undefined && (ids.includes(id) || ids.length + rules.length === 0)
      ? `builder "${id}" has no declared SLSA build level; level ${min} needs it listed as {id, level}`
      : `builder "${id}" is not in the allowed builders`
  }
  const levelled = named.filter((r) => min === undefined || (r.level ?? -1) >= min)
  if (levelled.length === 0) {
    const declared = named.map((r) => r.level).filter((l) => l !== undefined)
    return declared.length
      ? `builder "${id}" is SLSA build level ${Math.max(...declared)}, below the required level ${min}`
      : `builder "${id}" has no declared SLSA build level; level ${min} needs it listed as {id, level}`
  }
  if (levelled.some((r) => !r.signers?.length || matchesAnyIdentity(r.signers, c.signer)))
    return undefined
  return `provenance naming builder "${id}" is signed by "${c.signer?.subject ?? ''}", not one of that builder's signers`
}
