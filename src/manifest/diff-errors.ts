// Errors of the git-diff scope: each says which revision or history is missing and how to get it.
import { PromoterError, type PromoterErrorContext } from '../errors.js'

export type DiffScopeErrorCode =
  | 'GIT_FAILED'
  | 'NOT_A_GIT_REPOSITORY'
  | 'REVISION_MISSING'
  | 'SHALLOW_HISTORY'
  | 'INVALID_REVISION'
  | 'INVALID_SINCE'

export class DiffScopeError extends PromoterError<DiffScopeErrorCode> {
  constructor(code: DiffScopeErrorCode, message: string, context: PromoterErrorContext = {}) {
    super(code, message, context)
  }
}
