// Typed errors of the copy engine, with text that says what was expected and what to do.
import { CancelledError } from '../cancel.js'
import { PromoterError, type PromoterErrorContext } from '../errors.js'

export type PromoteErrorCode =
  | 'CANCELLED'
  | 'UNSUPPORTED_MANIFEST'
  | 'DESTINATION_DIGEST_MISMATCH'
  | 'DESTINATION_MISSING'
  | 'COPY_FAILED'

export class PromoteError extends PromoterError<PromoteErrorCode> {
  constructor(code: PromoteErrorCode, message: string, context: PromoterErrorContext = {}) {
    super(code, message, context)
  }
}

/** Thrown at step boundaries once the run was stopped (abort signal or fail-fast). */
export function cancelledError(reason: string): CancelledError {
  return new CancelledError(reason)
}

/** The code of any error, for the result row. */
export function errorCode(error: unknown): string {
  if (error instanceof PromoterError) return error.code
  return 'COPY_FAILED'
}
