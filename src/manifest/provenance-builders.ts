// The `builders:` list of a `provenance:` block as kpromo v4.6 reads it: objects
// `{id, level, signers}`. A plain id is refused with kpromo's message (it has no level); the
// values are checked by provenance-rules.ts, as kpromo's Validate does.
import { isMap } from 'yaml'
import { readInt, readStrings, type Node, type Written } from './provenance-values.js'
import type { Field, YamlReader } from './yaml-reader.js'
import { quote } from './errors.js'

const BUILDER_KEYS = ['id', 'level', 'signers'] as const
const WHAT = 'provenance builders'

/** A builder as written: its signers are still the policy signer strings. */
export interface ReadBuilder {
  id: string
  level: number
  signers: Written[]
  node: Node
}

/** The builders; undefined when any entry is unreadable (reported), so none is half-trusted. */
export function readBuilders(reader: YamlReader, field: Field): ReadBuilder[] | undefined {
  const items = reader.list(field.value, WHAT)
  if (!items) return undefined
  const builders: ReadBuilder[] = []
  for (const item of items) {
    const node = reader.resolve(item)
    if (!isMap(node)) {
      const id = reader.string(item, `an entry of ${WHAT}`)
      if (id !== undefined)
        reader.error(
          'INVALID_BUILDER',
          `provenance: builder ${quote(id)} needs a level, as {id: ${quote(id)}, level: <1-3>}`,
          item ?? field.key,
          'kpromo v4.6 states the SLSA build level each builder reaches'
        )
      continue
    }
    const builder = readBuilder(reader, item)
    if (builder) builders.push(builder)
  }
  return builders.length === items.length ? builders : undefined
}

function readBuilder(reader: YamlReader, item: Node): ReadBuilder | undefined {
  const fields = reader.fields(item, 'provenance builder', [...BUILDER_KEYS, 'caller'])
  if (!fields) return undefined
  // Caller constraints (`caller: {workflows, refs, events}`) are newer than kpromo v4.6 (the latest
  // kpromo's provenance/caller.go): refused by name, so such a policy never loads half-enforced.
  const caller = fields.get('caller')
  if (caller) {
    reader.error(
      'INVALID_BUILDER',
      'provenance: builder caller constraints are not supported: they are newer than kpromo v4.6, whose policies image-promoter reads',
      caller.key,
      'remove `caller:`, or bind the builder to the signer identity of its workflow at a ref with `signers:`'
    )
    return undefined
  }
  const id = fields.has('id') ? reader.string(fields.get('id')!.value, 'provenance builder id') : ''
  const levelField = fields.get('level')
  const level = levelField ? readInt(reader, levelField, 'provenance builder level') : 0
  const signersField = fields.get('signers')
  const signers = signersField
    ? readStrings(reader, signersField, 'provenance builder signers')
    : []
  if (id === undefined || level === undefined || signers === undefined) return undefined
  return { id, level, signers, node: item }
}
