// Reads a manifest's `provenance:` block, kpromo v4.6's per-manifest provenance policy, with its
// keys (mode, signers, builders, sources, predicateTypes, level, levels) and kpromo's rules and
// messages (provenance-rules.ts), each at the line it is about. The trust layer applies it.
import type { ManifestProvenance, ManifestProvenanceMode, ManifestSigner } from './model.js'
import { readBuilders } from './provenance-builders.js'
import { readLevels } from './provenance-levels.js'
import { checkPolicy } from './provenance-rules.js'
import { readSigners } from './provenance-signers.js'
import { readInt, readStrings } from './provenance-values.js'
import type { Field, YamlReader } from './yaml-reader.js'
import { quote } from './errors.js'

export const PROVENANCE_KEYS = [
  'mode',
  'signers',
  'builders',
  'sources',
  'predicateTypes',
  'level',
  'levels'
] as const

const MODES: readonly string[] = ['', 'off', 'warn', 'require']

/**
 * The block of the `provenance` field; undefined when it is not a mapping (reported). Unreadable
 * values are reported and left out; kpromo's rules are then checked on what was read.
 */
export function readProvenance(reader: YamlReader, field: Field): ManifestProvenance | undefined {
  const fields = reader.fields(field.value, 'provenance', PROVENANCE_KEYS)
  if (!fields) return undefined
  const block: ManifestProvenance = { mode: 'off', position: reader.position(field.key) }
  const mode = fields.get('mode')
  if (mode) block.mode = readMode(reader, mode) ?? 'off'
  const signersField = fields.get('signers')
  const signers: ManifestSigner[] | undefined = signersField
    ? readSigners(reader, signersField, 'provenance signers')
    : []
  if (signers?.length) block.signers = signers
  const buildersField = fields.get('builders')
  const builders = buildersField ? readBuilders(reader, buildersField) : []
  const sourcesField = fields.get('sources')
  const sources = sourcesField ? readStrings(reader, sourcesField, 'provenance sources') : []
  const typesField = fields.get('predicateTypes')
  const types = typesField ? readStrings(reader, typesField, 'provenance predicateTypes') : []
  const levelField = fields.get('level')
  const level = levelField ? readInt(reader, levelField, 'provenance level') : 0
  const levelsField = fields.get('levels')
  const levels = levelsField ? readLevels(reader, levelsField) : []
  // kpromo refuses the whole manifest on any of these; left out, the rules below still run.
  const readable = signers && builders && sources && types && level !== undefined && levels
  const written = {
    block: field.key,
    fields,
    signers: signers ?? [],
    builders: builders ?? [],
    sources: sources ?? [],
    predicateTypes: types ?? [],
    level: level ?? 0,
    levels: levels ?? []
  }
  checkPolicy(reader, written, block.mode !== 'off')
  if (written.builders.length)
    block.builderRules = written.builders.map((b) => ({
      id: b.id,
      level: b.level,
      ...(b.signers.length && {
        signers: b.signers.map((s) => signers?.find((p) => p.spec === s.value) ?? {})
      })
    }))
  if (written.sources.length) block.sources = written.sources.map((s) => s.value)
  if (written.predicateTypes.length)
    block.predicateTypes = written.predicateTypes.map((t) => t.value)
  if (written.level) block.minLevel = written.level
  if (written.levels.length)
    block.levels = written.levels.map((l) => ({
      images: l.images.map((i) => i.value),
      level: l.level
    }))
  return readable ? block : { mode: 'off', position: block.position }
}

function readMode(reader: YamlReader, field: Field): ManifestProvenanceMode | undefined {
  const mode = reader.string(field.value, 'provenance mode')
  if (mode === undefined) return undefined
  if (MODES.includes(mode)) return mode === '' ? 'off' : (mode as ManifestProvenanceMode)
  reader.error(
    'INVALID_PROVENANCE_MODE',
    `provenance: mode must be "off", "warn" or "require", got ${quote(mode)}`,
    field.value ?? field.key,
    'require blocks images that do not satisfy the policy, warn reports them, off (or "") skips the check'
  )
  return undefined
}
