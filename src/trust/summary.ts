// SLSA verification summaries (VSA v1, https://slsa.dev/verification_summary/v1) of a promoted
// digest, as kpromo v4.6 writes them (docs/verification-summaries.md): what the provenance phase
// decided for the staging images the digest was promoted from, signed like the promotion record.
import { IN_TOTO_STATEMENT_V1, type ResourceDescriptor, type Statement } from './statement.js'
import type { ProvenanceVerdict } from './phases/provenance.js'

export const SLSA_VSA_V1 = 'https://slsa.dev/verification_summary/v1'
export const VERIFIER_ID = 'https://github.com/image-promoter/image-promoter/verifier/v1'
export const MANIFEST_REVIEWED = 'K8S_PROMOTION_MANIFEST_REVIEWED'

export interface SummaryInput {
  /** The production reference (no digest): subject name; with the digest, `resourceUri`. */
  identity: string
  digest: string
  timestamp: string
  /** The promoter manifest (`git+https://…#path`) and its commit. */
  policy: ResourceDescriptor
  /** The provenance verdicts of the staging images the digest came from. */
  verdicts: readonly ProvenanceVerdict[]
  version?: string
}

/** A verdict under no manifest policy claims no level, and does not fail (kpromo). */
const underPolicy = (v: ProvenanceVerdict) => (v.policies?.length ?? 0) > 0

export function buildVerificationSummary(input: SummaryInput): Statement {
  const ruled = input.verdicts.filter(underPolicy)
  const passed = ruled.every((v) => v.status === 'verified')
  const levels = ruled.map((v) => v.slsaLevel)
  const evaluated =
    ruled.length > 0 &&
    ruled.length === input.verdicts.length &&
    levels.every((l) => l !== undefined)
  const level = evaluated
    ? `SLSA_BUILD_LEVEL_${Math.min(...(levels as number[]))}`
    : 'SLSA_BUILD_LEVEL_UNEVALUATED'
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ name: input.identity, digest: { sha256: input.digest.slice('sha256:'.length) } }],
    predicateType: SLSA_VSA_V1,
    predicate: JSON.parse(
      JSON.stringify({
        verifier: {
          id: VERIFIER_ID,
          ...(input.version && { version: { 'image-promoter': input.version } })
        },
        timeVerified: input.timestamp,
        resourceUri: `${input.identity}@${input.digest}`,
        policy: input.policy,
        inputAttestations: ruled.flatMap(inputAttestations),
        verificationResult: passed ? 'PASSED' : 'FAILED',
        verifiedLevels: passed ? [level, MANIFEST_REVIEWED] : ['FAILED'],
        slsaVersion: '1.0'
      })
    ) as Record<string, unknown>
  }
}

/** The attestations the policies accepted, where they are in staging. */
function inputAttestations(v: ProvenanceVerdict): ResourceDescriptor[] {
  return v.candidates
    .filter((c) => c.status === 'verified')
    .map((c) =>
      c.source === 'referrer'
        ? { uri: `${v.repository}@${c.where}`, digest: { sha256: c.where.replace(/^sha256:/, '') } }
        : { uri: `${v.repository}:${v.digest.replace(':', '-')}.att#${c.where}` }
    )
}
