// Typed errors of the trust layer. `detail` keeps the sigstore-js code (e.g. TLOG_BODY_ERROR)
// so reports can say which check failed without parsing messages.
import { PromoterError, type PromoterErrorContext } from '../errors.js'

export type TrustErrorCode =
  | 'TRUST_ROOT_UNAVAILABLE'
  | 'TRUST_ROOT_INVALID'
  | 'SIGNATURE_INVALID'
  | 'IDENTITY_MISMATCH'
  | 'CLAIM_MISMATCH'
  | 'MALFORMED_ARTIFACT'
  | 'SIGNING_FAILED'
  | 'SIGNING_KEY_INVALID'
  | 'IDENTITY_TOKEN_UNAVAILABLE'
  | 'REGISTRY_READ_FAILED'
  | 'POLICY_INVALID'

export interface TrustErrorContext extends PromoterErrorContext {
  /** The sigstore-js verification code, when the failure came from there. */
  detail?: string
}

export class TrustError extends PromoterError<TrustErrorCode> {
  readonly detail?: string

  constructor(code: TrustErrorCode, message: string, context: TrustErrorContext = {}) {
    super(code, message, context)
    this.detail = context.detail
  }
}

/** Failures that concern the whole run, never one image: they end the phase (fail closed). */
const RUN_WIDE: readonly string[] = [
  'TRUST_ROOT_UNAVAILABLE',
  'TRUST_ROOT_INVALID',
  'IDENTITY_TOKEN_UNAVAILABLE'
]

/**
 * An error one image's verdict can carry; rethrows anything else (programming errors, and the
 * run-wide trust failures above).
 */
export function imageFailure(error: unknown): PromoterError {
  if (!(error instanceof PromoterError) || RUN_WIDE.includes(error.code)) throw error
  return error
}
