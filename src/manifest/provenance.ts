// Reads a manifest's `provenance:` block (kpromo v4.6's per-manifest provenance policy), every
// key and value checked where it is written. The trust layer applies it; this only reads it.
import type { ManifestProvenance, ManifestProvenanceMode } from './model.js'
import { readSigners } from './provenance-signers.js'
import type { Field, YamlReader } from './yaml-reader.js'

export const PROVENANCE_KEYS = [
  'mode',
  'builders',
  'sources',
  'predicate-types',
  'signers'
] as const

const MODES: readonly string[] = ['off', 'warn', 'require'] satisfies ManifestProvenanceMode[]

const LISTS = [
  ['builders', 'builders'],
  ['sources', 'sources'],
  ['predicate-types', 'predicateTypes']
] as const

/**
 * The block of the `provenance` field, with only the keys written; undefined when it sets
 * nothing (null or `{}`) or is not a mapping (reported). Bad values are reported and left out.
 */
export function readProvenance(reader: YamlReader, field: Field): ManifestProvenance | undefined {
  const fields = reader.fields(field.value, 'provenance', PROVENANCE_KEYS)
  if (!fields || fields.size === 0) return undefined
  const block: ManifestProvenance = { position: reader.position(field.key) }
  const mode = fields.get('mode')
  if (mode) block.mode = readMode(reader, mode)
  for (const [key, property] of LISTS) {
    const list = fields.get(key)
    if (list) block[property] = readStrings(reader, list, `provenance ${key}`)
  }
  const signers = fields.get('signers')
  if (signers) block.signers = readSigners(reader, signers)
  for (const key of Object.keys(block) as (keyof ManifestProvenance)[])
    if (block[key] === undefined) delete block[key]
  return block
}

function readMode(reader: YamlReader, field: Field): ManifestProvenanceMode | undefined {
  const mode = reader.string(field.value, 'provenance mode')
  if (mode === undefined) return undefined
  if (MODES.includes(mode)) return mode as ManifestProvenanceMode
  reader.error(
    'INVALID_PROVENANCE_MODE',
    `provenance mode: expected off, warn or require, got "${mode}"`,
    field.value ?? field.key,
    'require blocks images without verified provenance, warn reports them, off skips the check'
  )
  return undefined
}

/** A list of non-empty strings; every bad entry is reported, and then the list is left out. */
function readStrings(reader: YamlReader, field: Field, what: string): string[] | undefined {
  const items = reader.list(field.value, what)
  if (!items) return undefined
  const values: string[] = []
  for (const item of items) {
    const value = reader.string(item, `an entry of ${what}`)
    if (value === '')
      reader.error(
        'EMPTY_PROVENANCE_VALUE',
        `${what}: expected a non-empty string, got an empty entry`,
        item ?? field.key,
        `write a value or remove the entry; an empty list allows any`
      )
    else if (value !== undefined) values.push(value)
  }
  return values.length === items.length ? values : undefined
}
