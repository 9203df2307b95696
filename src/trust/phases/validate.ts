// validate (before copy, read-only): for each unique source digest, its cosign `.sig` layers and
// bundle-format signature referrers. Unsigned passes; signed needs one signature by the trusted
// identity whose payload names this digest; registry errors other than not-found fail the image.
import type { StoreResolver } from '../../oci/open.js'
import type { PromoterError } from '../../errors.js'
import { mapBounded } from '../../concurrency/index.js'
import { requireTrustPolicy } from '../identity.js'
import { TrustError, imageFailure } from '../errors.js'
import { judgeSignatures } from '../verify/image-evidence.js'
import type { CandidateVerdict } from '../verify/verdict.js'
import { uniqueSubjects } from './dedupe.js'
import { contextFactory, type VerificationOptions } from './verification.js'
import { DEFAULT_TRUST_CONCURRENCY, type DigestSubject } from './types.js'

export interface ValidateInputs extends VerificationOptions {
  /** Source digests (duplicates are merged). */
  subjects: DigestSubject[]
  resolveStore: StoreResolver
  /** Also look for bundle-format signatures (OCI referrers). Default true. */
  bundleSignatures?: boolean
  /** Images checked in parallel. Default DEFAULT_TRUST_CONCURRENCY. */
  concurrency?: number
}

/** `unsigned` passes (logged); `failed` blocks that image's edges. */
export type SignatureStatus = 'verified' | 'unsigned' | 'failed'

export interface SignatureVerdict extends DigestSubject {
  status: SignatureStatus
  /** One line for logs and reports. */
  message: string
  candidates: CandidateVerdict[]
  /** Signatures that do not verify next to one that does: each fails only itself (reported). */
  warnings?: string[]
  error?: PromoterError
}

function summarise(subject: DigestSubject, candidates: CandidateVerdict[]): SignatureVerdict {
  const ref = `${subject.repository}@${subject.digest}`
  const judged = candidates.filter((c) => c.status !== 'skipped')
  if (candidates.length === 0 || judged.length === 0) {
    return { ...subject, status: 'unsigned', candidates, message: `${ref} is not signed` }
  }
  const good = judged.find((c) => c.status === 'verified')
  if (good) {
    const warnings = judged
      .filter((c) => c.status === 'invalid')
      .map((c) => `${ref}: ${c.source} ${c.where} does not verify and was skipped: ${c.reason}`)
    return {
      ...subject,
      status: 'verified',
      candidates,
      message: `${ref} is signed by ${good.signer?.subject}`,
      ...(warnings.length ? { warnings } : {})
    }
  }
  const reasons = judged.map((c) => `${c.source} ${c.where}: ${c.reason}`).join('; ')
  const error = new TrustError(
    'SIGNATURE_INVALID',
    `${ref} is signed, but no signature verifies for the trusted identity: ${reasons}`,
    {
      hint: 'check certificate-identity / certificate-oidc-issuer, or re-sign the staging image',
      image: ref,
      position: subject.positions[0]
    }
  )
  return { ...subject, status: 'failed', candidates, message: error.message, error }
}

export async function validateSignatures(inputs: ValidateInputs): Promise<SignatureVerdict[]> {
  requireTrustPolicy({ identity: inputs.policy, keys: inputs.trustedKeys }, 'signature validation')
  const contextFor = contextFactory(inputs)
  return mapBounded(
    uniqueSubjects(inputs.subjects),
    inputs.concurrency ?? DEFAULT_TRUST_CONCURRENCY,
    async (subject) => {
      try {
        const at = inputs.resolveStore(subject.repository)
        const candidates = await judgeSignatures(at, subject.digest, contextFor, {
          bundles: inputs.bundleSignatures ?? true
        })
        return summarise(subject, candidates)
      } catch (thrown) {
        const error = imageFailure(thrown)
        return {
          ...subject,
          status: 'failed',
          candidates: [],
          message: error.message,
          error
        } satisfies SignatureVerdict
      }
    }
  )
}
