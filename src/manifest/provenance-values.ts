// Scalar values of the `provenance:` block as kpromo's yaml.v2 reads them: strings (null is "",
// which the policy rules then refuse where kpromo does) and integers (SLSA build levels).
import type { Field, YamlReader } from './yaml-reader.js'
import { quote } from './errors.js'

export type Node = Field['value']

/** A string and where it is written. */
export interface Written {
  value: string
  node: Node
}

/** The entries of a list of strings; undefined (reported) when any entry is not a string. */
export function readStrings(reader: YamlReader, field: Field, what: string): Written[] | undefined {
  const items = reader.list(field.value, what)
  if (!items) return undefined
  const values: Written[] = []
  for (const item of items) {
    const value = reader.string(item, `an entry of ${what}`)
    if (value !== undefined) values.push({ value, node: item ?? field.key })
  }
  return values.length === items.length ? values : undefined
}

/** An integer as written (`3`, not `"L3"`); null reads as 0, as in yaml.v2. */
export function readInt(reader: YamlReader, field: Field, what: string): number | undefined {
  const text = reader.string(field.value, what)
  if (text === undefined) return undefined
  if (text === '') return 0
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text)
  reader.error(
    'WRONG_TYPE',
    `${what}: expected an integer, got ${quote(text)}`,
    field.value ?? field.key,
    'write the level as a bare integer, e.g. level: 3'
  )
  return undefined
}
