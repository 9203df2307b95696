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
  | 'INVALID_SIGNER'
  | 'INVALID_BUILDER'
  | 'INVALID_PROVENANCE_SOURCE'
  | 'INVALID_IMAGE_LEVEL'
  | 'INCOMPLETE_PROVENANCE_POLICY'
  | 'CONFLICTING_PROVENANCE_POLICIES'
  | 'PROVENANCE_POLICY_OFF'
  | 'IMAGE_LEVEL_REDUNDANT'
  | 'IMAGE_LEVEL_UNMATCHED'
  | 'INVALID_KEY_HINT'
  | 'LINK_OUTSIDE_ROOT'
  | 'SKIPPED_LINK'
  | 'WALK_LIMIT'
  | 'INVALID_IMAGE_NAME'
  | 'TOO_MANY_FINDINGS'
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

/**
 * Longest excerpt of input text an error message quotes. Manifests come from pull requests:
 * messages (and the logs and JSON they land in) must not carry whole values or files.
 */
export const MAX_EXCERPT = 80

/**
 * At most MAX_EXCERPT characters of `text`, control characters escaped, and how much was left
 * out. For messages only; the value itself is never changed.
 */
export function excerpt(text: string, max = MAX_EXCERPT): string {
  const chars = Array.from(text.length > 4 * max ? text.slice(0, 4 * max) : text)
  const shown = chars.slice(0, max).join('')
  // eslint-disable-next-line no-control-regex
  const safe = shown.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
  return chars.length > max ? `${safe}… (${text.length} characters)` : safe
}

/** `text` in double quotes as an excerpt: how every message quotes a value from a manifest. */
export function quote(text: string): string {
  return `"${excerpt(text)}"`
}

/** Most errors and most warnings kept per run; a hostile file can produce millions. */
export const MAX_FINDINGS = 200

/**
 * Sorted `errors` cut to MAX_FINDINGS, with one TOO_MANY_FINDINGS entry saying how many were left
 * out (the last position kept), so output stays bounded whatever the input.
 */
export function capFindings(sorted: ManifestError[], what: 'errors' | 'warnings'): ManifestError[] {
  if (sorted.length <= MAX_FINDINGS) return sorted
  const kept = sorted.slice(0, MAX_FINDINGS)
  const more = sorted.length - MAX_FINDINGS
  kept.push(
    new ManifestError(
      'TOO_MANY_FINDINGS',
      `${more} more ${what} not shown (${MAX_FINDINGS} shown)`,
      sorted[MAX_FINDINGS]!.position,
      { hint: `fix the ${what} above and run again` }
    )
  )
  return kept
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
