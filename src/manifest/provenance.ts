// Reads a manifest's `provenance:` block (kpromo v4.6's per-manifest provenance policy), every
// key and value checked where it is written. Both kpromo's spelling (predicateTypes, builder
// objects, level) and ours (predicate-types, builder ids) are read. The trust layer applies it.
import type { ManifestProvenance, ManifestProvenanceMode } from './model.js'
import { readBuilders } from './provenance-builders.js'
import { readSigners } from './provenance-signers.js'
import { spelledOnce } from './provenance-spelling.js'
import { readLevel, readStrings } from './provenance-values.js'
import type { Field, YamlReader } from './yaml-reader.js'
import { quote } from './errors.js'

const PREDICATE_TYPES = ['predicateTypes', 'predicate-types'] as const

export const PROVENANCE_KEYS = [
  'mode',
  'builders',
  'sources',
  ...PREDICATE_TYPES,
  'signers',
  'level'
] as const

const MODES: readonly string[] = ['off', 'warn', 'require'] satisfies ManifestProvenanceMode[]

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
  const builders = fields.get('builders')
  if (builders) Object.assign(block, readBuilders(reader, builders))
  const sources = fields.get('sources')
  if (sources) block.sources = readStrings(reader, sources, 'provenance sources')
  const types = spelledOnce(reader, fields, PREDICATE_TYPES, 'provenance')
  if (types) block.predicateTypes = readStrings(reader, types.field, `provenance ${types.key}`)
  const signers = fields.get('signers')
  if (signers) block.signers = readSigners(reader, signers, 'provenance signers')
  const level = fields.get('level')
  if (level) block.minLevel = readLevel(reader, level, 'provenance level')
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
    `provenance mode: expected off, warn or require, got ${quote(mode)}`,
    field.value ?? field.key,
    'require blocks images without verified provenance, warn reports them, off skips the check'
  )
  return undefined
}
