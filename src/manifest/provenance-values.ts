// Scalar values of the `provenance:` block: non-empty strings, alone (a builder object's id) or
// in lists (sources, predicate types, builder ids), and SLSA build levels.
import type { Field, YamlReader } from './yaml-reader.js'
import { quote } from './errors.js'

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

/** An integer SLSA build level, 0 to 4, as written (`3`, not `"L3"`). */
export function readLevel(reader: YamlReader, field: Field, what: string): number | undefined {
  const text = reader.string(field.value, what)
  if (text === undefined) return undefined
  if (/^[0-4]$/.test(text)) return Number(text)
  reader.error(
    'INVALID_PROVENANCE_LEVEL',
    `${what}: expected an SLSA build level 0-4, got ${quote(text)}`,
    field.value ?? field.key,
    'write the level as a bare integer, e.g. level: 3'
  )
  return undefined
}
