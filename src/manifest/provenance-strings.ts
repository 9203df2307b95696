// Non-empty strings in the `provenance:` block: list entries (sources, predicate types, builder
// ids) and single values (a builder object's id).
import type { Field, YamlReader } from './yaml-reader.js'

type Node = Field['value']

/** One non-empty string; an empty one is reported, undefined either way when unusable. */
export function readText(
  reader: YamlReader,
  node: Node,
  at: Node,
  what: string,
  typeLabel = what
): string | undefined {
  const value = reader.string(node, typeLabel)
  if (value !== '') return value
  reader.error(
    'EMPTY_PROVENANCE_VALUE',
    `${what}: expected a non-empty string, got an empty entry`,
    node ?? at,
    'write a value or remove the entry (an empty list, not an empty entry, allows any)'
  )
  return undefined
}

/** A list of non-empty strings; every bad entry is reported, and then the list is left out. */
export function readStrings(reader: YamlReader, field: Field, what: string): string[] | undefined {
  const items = reader.list(field.value, what)
  if (!items) return undefined
  const values: string[] = []
  for (const item of items) {
    const value = readText(reader, item, field.key, what, `an entry of ${what}`)
    if (value !== undefined) values.push(value)
  }
  return values.length === items.length ? values : undefined
}
