// Errors of `image-promoter pr`: each says what is wrong and what to do; nothing was written when
// one is thrown before the commit (every check runs first).
import { PromoterError } from '../errors.js'

export type PrErrorCode =
  | 'NO_MANIFEST_FOR_SOURCE'
  | 'AMBIGUOUS_SOURCE'
  | 'TAG_NOT_IN_STAGING'
  | 'DIGEST_NOT_IN_STAGING'
  | 'NOTHING_IN_STAGING'
  | 'STAGING_ANSWER_INVALID'
  | 'INVALID_BRANCH'
  | 'BRANCH_EXISTS'
  | 'NOT_A_GIT_CLONE'
  | 'IMAGES_FILE_CHANGED'
  | 'GIT_FAILED'
  | 'GITHUB_FAILED'
  | 'NO_GITHUB_REPOSITORY'

export class PrError extends PromoterError<PrErrorCode> {}
