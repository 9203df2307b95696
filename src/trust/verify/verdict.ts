// The outcome of checking one signature or attestation found on an image. Plain data for reports.
import { TrustError } from '../errors.js'
import type { SignerIdentity } from '../identity.js'

/**
 * - `verified`: cryptographically valid, by a trusted identity, naming this digest (and, for
 *   attestations, of an expected predicate type);
 * - `foreign`: valid, but from another identity or of another predicate type (reported, not fatal);
 * - `invalid`: does not verify, or names another digest;
 * - `skipped`: cannot be judged under this policy (a key-signed layer under a keyless policy).
 */
export type CandidateStatus = 'verified' | 'foreign' | 'invalid' | 'skipped'

export type CandidateSource = 'sig-tag' | 'att-tag' | 'referrer'

export interface CandidateVerdict {
  source: CandidateSource
  /** Layer index in a `.sig`/`.att` image, or the referrer manifest digest. */
  where: string
  status: CandidateStatus
  signer?: SignerIdentity
  predicateType?: string
  /** SLSA builder id and source repository, when the statement is provenance. */
  builderId?: string
  sourceRepository?: string
  /** The SLSA build level verified provenance reaches under a policy with builder levels. */
  slsaLevel?: number
  /** Why it is not `verified`, in the user's words. */
  reason?: string
  /** TrustError code and sigstore detail code, when it failed. */
  code?: string
  detail?: string
}

export function failedVerdict(
  base: Pick<CandidateVerdict, 'source' | 'where'>,
  error: unknown,
  extra: Partial<CandidateVerdict> = {}
): CandidateVerdict {
  const status =
    error instanceof TrustError && error.code === 'IDENTITY_MISMATCH' ? 'foreign' : 'invalid'
  if (!(error instanceof TrustError)) throw error
  return {
    ...base,
    ...extra,
    status,
    reason: error.message,
    code: error.code,
    detail: error.detail
  }
}
