// Fail closed before any registry read: a manifest whose effective provenance mode is `require`
// (its own block, or the run-wide option) must name someone trusted to sign provenance. Without
// one, "verified provenance" would mean "signed by anybody" (issue #13).
import { ManifestError, type PromotionManifest } from '../manifest/index.js'
import {
  mergeProvenancePolicy,
  provenanceSignerProblem
} from '../trust/phases/provenance-policy.js'
import type { ResolvedTrust } from './resolve-trust.js'
import { manifestPolicy } from './trust-subjects.js'

const HINT =
  'set certificate-identity and certificate-oidc-issuer (or -regexp), or a trusted key, or list signers in the provenance block; or use mode warn'

/** One error per manifest block that requires provenance nobody can sign, plus one for the run-wide option. */
export function provenanceSignerErrors(
  manifests: readonly PromotionManifest[],
  trust: Pick<ResolvedTrust, 'provenance' | 'identity' | 'trustedKeys'>
): ManifestError[] {
  const runPolicy = trust.provenance
  const run = { identity: trust.identity, keys: trust.trustedKeys }
  const errors: ManifestError[] = []
  const inheriting: string[] = []
  let runProblem: string | undefined
  for (const m of manifests) {
    const own = manifestPolicy(m.provenance)
    const position = own && m.provenance?.position
    const policy = mergeProvenancePolicy(runPolicy, own)
    if (policy.mode !== 'require') continue
    const problem = provenanceSignerProblem(policy, run)
    if (!problem) continue
    if (position) {
      errors.push(
        new ManifestError(
          'NO_PROVENANCE_SIGNER',
          `${problem}; this manifest requires verified provenance`,
          position,
          { hint: HINT }
        )
      )
    } else {
      inheriting.push(m.file)
      runProblem = problem
    }
  }
  if (runProblem) {
    const listed = inheriting.slice(0, 5).join(', ') + (inheriting.length > 5 ? ', …' : '')
    errors.push(
      new ManifestError(
        'NO_PROVENANCE_SIGNER',
        `${runProblem}; the run-wide provenance mode require applies to ${inheriting.length} manifest${inheriting.length === 1 ? '' : 's'} (${listed})`,
        { file: inheriting[0]!, line: 1, column: 1 },
        { hint: HINT }
      )
    )
  }
  return errors
}
