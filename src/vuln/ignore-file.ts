// The ignore list: a YAML file in the manifest repository,
//   ignores: [{ id: CVE-…, reason: "…", expires: 2026-12-31 }]
// Strict: unknown keys, a missing reason or a bad date are errors naming the line. An entry
// past its expiry date no longer applies; it produces a warning naming its line.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import type { SourcePosition } from '../errors.js'
import { VulnError } from './errors.js'

export interface IgnoreEntry {
  id: string
  reason: string
  /** The last day (UTC) the entry applies, `YYYY-MM-DD`. */
  expires?: string
  position: SourcePosition
}

const KEYS = new Set(['id', 'reason', 'expires'])

function positionOf(
  node: Node | null | undefined,
  lines: LineCounter,
  file: string
): SourcePosition {
  const { line, col } = lines.linePos(node?.range?.[0] ?? 0)
  return { file, line, column: col }
}

function fail(message: string, position: SourcePosition, hint: string): never {
  throw new VulnError('VULN_IGNORE_FILE_INVALID', message, { position, hint })
}

function readEntry(item: unknown, lines: LineCounter, file: string): IgnoreEntry {
  const position = positionOf(item as Node, lines, file)
  if (!isMap(item))
    fail('an ignore entry must be a mapping', position, 'write `- id: CVE-…` with a reason')
  const values: Record<string, string> = {}
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const at = positionOf(pair.key as Node, lines, file)
    if (!KEYS.has(key))
      fail(`unknown key "${key}" in an ignore entry`, at, 'allowed keys are id, reason, expires')
    const value = isScalar(pair.value) ? pair.value.value : undefined
    if (
      value === undefined ||
      value === null ||
      typeof value === 'object' ||
      String(value).trim() === ''
    )
      fail(`"${key}" must be a non-empty scalar`, at, `give ${key} a value`)
    values[key] = String(value).trim()
  }
  if (!values.id) fail('an ignore entry has no id', position, 'add `id: CVE-…`')
  if (!values.reason)
    fail(
      `ignore of ${values.id} has no reason`,
      position,
      'say why the finding is accepted in `reason`'
    )
  if (
    values.expires !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(values.expires) ||
      Number.isNaN(Date.parse(`${values.expires}T00:00:00Z`)))
  )
    fail(
      `expires "${values.expires}" of ${values.id} is not a date`,
      position,
      'write expires as YYYY-MM-DD'
    )
  return {
    id: values.id,
    reason: values.reason,
    ...(values.expires ? { expires: values.expires } : {}),
    position
  }
}

/** Parse an ignore file's text; `file` is how errors name it (relative to the manifest root). */
export function parseIgnoreFile(source: string, file: string): IgnoreEntry[] {
  const lines = new LineCounter()
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!
    fail(
      `not valid YAML: ${error.message}`,
      positionOf({ range: error.pos } as unknown as Node, lines, file),
      'fix the YAML syntax'
    )
  }
  const root = doc.contents
  if (root === null || (isScalar(root) && root.value === null)) return []
  if (!isMap(root))
    fail(
      'expected a mapping with `ignores:`',
      positionOf(root, lines, file),
      'start the file with `ignores:`'
    )
  const entries: IgnoreEntry[] = []
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    if (key !== 'ignores')
      fail(
        `unknown key "${key}"`,
        positionOf(pair.key as Node, lines, file),
        'the only top-level key is `ignores`'
      )
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue
    if (!isSeq(pair.value))
      fail(
        '`ignores` must be a list',
        positionOf(pair.value as Node, lines, file),
        'write `ignores:` followed by `- id: …` items'
      )
    for (const item of pair.value.items) entries.push(readEntry(item, lines, file))
  }
  return entries
}

/** True once `now` is past the end of the expiry day (UTC). */
export function isExpired(entry: IgnoreEntry, now: Date): boolean {
  return (
    entry.expires !== undefined &&
    now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + 86_400_000
  )
}

export function expiredWarning(entry: IgnoreEntry): string {
  const { file, line } = entry.position
  return `${file}:${line}: ignore of ${entry.id} expired on ${entry.expires}; it no longer applies (renew or remove it)`
}
