// Manifest-layer errors: every problem carries the file, line and column it was found at.
import { PromoterError, type PromoterErrorContext, type SourcePosition } from '../errors.js'

/**
 * What went wrong, one code per kind of problem. V1-V8 and F1 are kpromo's validation rules
 * (kpromo-compat §1.5), OVERLAPPING_EDGES its cross-manifest check (§1.6).
 */
export type ManifestErrorCode =
  | 'FILE_UNREADABLE'
  | 'FILE_TOO_LARGE'
  | 'YAML_SYNTAX'
  | 'YAML_ALIAS_LIMIT'
  | 'NESTING_TOO_DEEP'
  | 'UNKNOWN_KEY'
  | 'DUPLICATE_KEY'
  | 'WRONG_TYPE'
  | 'LAYOUT'
  | 'MISSING_IMAGES_FILE'
  | 'NESTED_MANIFEST'
  | 'NO_MANIFESTS'
  | 'SKIPPED_DIRECTORY'
  | 'IGNORED_IMAGES_PATH'
  | 'MULTIPLE_SOURCES'
  | 'NO_SOURCE'
  | 'NO_REGISTRIES'
  | 'EMPTY_REGISTRY_NAME'
  | 'EMPTY_IMAGE_NAME'
  | 'EMPTY_DMAP'
  | 'INVALID_DIGEST'
  | 'INVALID_TAG'
  | 'OVERLAPPING_EDGES'
  | 'INVALID_PROVENANCE_MODE'
  | 'EMPTY_PROVENANCE_VALUE'
  | 'INCOMPLETE_SIGNER'
  | 'INVALID_REGEXP'
  | 'CONFLICTING_KEYS'
  | 'INVALID_PROVENANCE_LEVEL'
  | 'MISSING_BUILDER_ID'
  | 'INVALID_KEY_HINT'
  | 'NO_PROVENANCE_SIGNER'

/** A problem in a manifest, always at a position (file relative to the manifest root). */
export class ManifestError extends PromoterError<ManifestErrorCode> {
  declare readonly position: SourcePosition

  constructor(
    code: ManifestErrorCode,
    message: string,
    position: SourcePosition,
    context: Omit<PromoterErrorContext, 'position'> = {}
  ) {
    super(code, message, { ...context, position })
  }
}

/** Where parsing and validation put what they find; warnings never make a manifest set invalid. */
export interface Findings {
  errors: ManifestError[]
  warnings: ManifestError[]
}

/** Position for problems that concern a whole file or directory rather than a spot in it. */
export function filePosition(file: string): SourcePosition {
  return { file, line: 1, column: 1 }
}

/** Errors first by file, then line, then column: the order a person fixes them in. */
export function sortErrors(errors: ManifestError[]): ManifestError[] {
  return errors.sort(
    (a, b) =>
      compareText(a.position.file, b.position.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column
  )
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
