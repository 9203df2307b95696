// The `builders:` list of a `provenance:` block: exact builder ids (ours) and kpromo's builder
// objects `{id, level, signers}`, mixed in one list and kept apart for the trust policy.
import { isMap, isScalar } from 'yaml'
import type { ManifestBuilder, ManifestProvenance } from './model.js'
import { readSigners } from './provenance-signers.js'
import { readLevel, readText } from './provenance-values.js'
import type { Field, YamlReader } from './yaml-reader.js'

type Node = Field['value']
type Builders = Pick<ManifestProvenance, 'builders' | 'builderRules'>

const BUILDER_KEYS = ['id', 'level', 'signers'] as const
const WHAT = 'provenance builders'

/**
 * Both lists, set together (so a manifest's `builders:` replaces run-wide ones whole); nothing
 * when any entry is wrong (reported), so no builder is half-allowed.
 */
export function readBuilders(reader: YamlReader, field: Field): Builders {
  const items = reader.list(field.value, WHAT)
  if (!items) return {}
  const builders: string[] = []
  const builderRules: ManifestBuilder[] = []
  for (const item of items) {
    const node = reader.resolve(item)
    if (isMap(node)) {
      const rule = readBuilder(reader, item)
      if (rule) builderRules.push(rule)
    } else if (node === null || isScalar(node)) {
      const id = readText(reader, item, field.key, WHAT, `an entry of ${WHAT}`)
      if (id !== undefined) builders.push(id)
    } else
      reader.error(
        'WRONG_TYPE',
        `an entry of ${WHAT}: expected a builder id or a mapping {id, level, signers}, got a list`,
        item
      )
  }
  return builders.length + builderRules.length === items.length ? { builders, builderRules } : {}
}

function readBuilder(reader: YamlReader, item: Node): ManifestBuilder | undefined {
  const fields = reader.fields(item, 'provenance builder', BUILDER_KEYS)
  if (!fields) return undefined
  const idField = fields.get('id')
  if (!idField)
    reader.error(
      'MISSING_BUILDER_ID',
      'provenance builder: expected an id, got none',
      item,
      'add the SLSA builder id, e.g. id: "https://github.com/actions/runner/github-hosted"'
    )
  const id = idField && readText(reader, idField.value, idField.key, 'provenance builder id')
  const levelField = fields.get('level')
  const signersField = fields.get('signers')
  const level = levelField && readLevel(reader, levelField, 'provenance builder level')
  const signers = signersField && readSigners(reader, signersField, 'provenance builder signers')
  if (id === undefined || (levelField && level === undefined) || (signersField && !signers))
    return undefined
  return { id, ...(level !== undefined && { level }), ...(signers && { signers }) }
}
