// The `levels:` list of a `provenance:` block (kpromo v4.6): `{images: [patterns], level}`
// entries requiring a SLSA build level for some images. Values are checked by provenance-rules.ts.
import { readInt, readStrings, type Node, type Written } from './provenance-values.js'
import type { Field, YamlReader } from './yaml-reader.js'

const LEVEL_KEYS = ['images', 'level'] as const
const WHAT = 'provenance levels'

export interface ReadLevel {
  images: Written[]
  level: number
  node: Node
}

/** The entries; undefined when any is unreadable (reported). */
export function readLevels(reader: YamlReader, field: Field): ReadLevel[] | undefined {
  const items = reader.list(field.value, WHAT)
  if (!items) return undefined
  const levels: ReadLevel[] = []
  for (const item of items) {
    const fields = reader.fields(item, 'an entry of provenance levels', LEVEL_KEYS)
    if (!fields) continue
    const imagesField = fields.get('images')
    const images = imagesField ? readStrings(reader, imagesField, 'provenance levels images') : []
    const levelField = fields.get('level')
    const level = levelField ? readInt(reader, levelField, 'provenance levels level') : 0
    if (images && level !== undefined) levels.push({ images, level, node: item ?? field.key })
  }
  return levels.length === items.length ? levels : undefined
}
