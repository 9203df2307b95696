// Whether the builder named in verified provenance is allowed, and the SLSA build level the
// provenance verifies at. kpromo v4.6's builder objects `{id, level, signers}`: a signer that
// builders name may claim only those builders, the other signers only the builders that name no
// signers; an id without `@` also matches the builder at any ref; provenance verifies at no more
// than the lowest level of the builders its signer may claim (it cannot show its own level), and
// not at all below the policy level. Plain builder ids (run-wide option) are an exact allow-list.
import { matchesAnyIdentity, type IdentityPolicy } from '../identity.js'
import type { CandidateVerdict } from '../verify/verdict.js'
import type { BuilderRule, ProvenancePolicy } from './provenance-types.js'

type Policy = Pick<ProvenancePolicy, 'builders' | 'builderRules' | 'minLevel' | 'signers'>

export interface BuilderVerdict {
  /** Why the provenance does not count; undefined when it does. */
  problem?: string
  /** The SLSA build level it verifies at, when the policy states builder levels. */
  level?: number
}

/** A signer's key as builders name it: its kpromo string, or (our mapping signers) its place. */
const signerKey = (s: IdentityPolicy & { spec?: string }, i: number) => s.spec ?? `\0${i}`

const covers = (id: string, other: string) => !id.includes('@') && other.startsWith(`${id}@`)

/** kpromo's claimableBuilders for the given signer keys. */
function claimable(rules: BuilderRule[], keys: string[]): BuilderRule[] {
  const bound = rules.filter((r) => (r.signers ?? []).some((s) => keys.includes(s.spec ?? '')))
  return bound.length > 0 ? bound : rules.filter((r) => !r.signers?.length)
}

export function builderVerdict(policy: Policy, c: CandidateVerdict): BuilderVerdict {
  const rules = policy.builderRules ?? []
  const id = c.builderId ?? ''
  if (rules.length === 0) {
    const ids = policy.builders ?? []
    return ids.length === 0 || ids.includes(id)
      ? {}
      : { problem: `builder "${id}" is not in the allowed builders` }
  }
  const signers = policy.signers ?? []
  const keys = signers.flatMap((s, i) =>
    matchesAnyIdentity([s], c.signer) ? [signerKey(s, i)] : []
  )
  const mayClaim = claimable(rules, keys)
  if (mayClaim.length === 0) return { problem: 'not signed by a signer the builders name' }
  const ids = mayClaim.map((r) => r.id).join(', ')
  if (!mayClaim.some((r) => r.id === id || covers(r.id, id)))
    return { problem: `builder "${id}" is not one of the builders its signer may claim (${ids})` }
  const level = Math.min(...mayClaim.map((r) => r.level))
  const required = policy.minLevel ?? 0
  if (level < required)
    return {
      problem: `its signer may claim builders ${ids}, which reach SLSA build level ${level}, the policy requires ${required}`
    }
  return { level }
}
