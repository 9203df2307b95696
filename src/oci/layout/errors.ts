// Typed errors of the layout store. A missing manifest or blob is NOT_FOUND, as from a registry
// (not-found.ts); other codes follow the distribution spec's error codes where one fits.
import { PromoterError } from '../../errors.js'

export type LayoutErrorCode =
  | 'NOT_FOUND'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'SIZE_INVALID'
  | 'TAG_INVALID'
  | 'LAYOUT_INVALID'

export interface LayoutErrorContext {
  /** The layout directory (absolute) the operation was on. */
  dir: string
  hint?: string
  cause?: unknown
}

/** A failure reading or writing an OCI image-layout directory. `registry` is `oci:<dir>`. */
export class LayoutError extends PromoterError<LayoutErrorCode> {
  readonly dir: string

  constructor(code: LayoutErrorCode, message: string, context: LayoutErrorContext) {
    super(code, message, {
      hint: context.hint,
      cause: context.cause,
      registry: `oci:${context.dir}`
    })
    this.dir = context.dir
  }
}
