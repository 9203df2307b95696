// The harness's typed error: what went wrong while starting or driving a test registry,
// and what to do about it (install a package, read a log).
import { PromoterError } from '../../src/errors.js'

export type HarnessErrorCode =
  'HARNESS_MISSING_TOOL' | 'HARNESS_START_FAILED' | 'HARNESS_REQUEST_FAILED' | 'HARNESS_BAD_OPTIONS'

export class HarnessError extends PromoterError<HarnessErrorCode> {}
