// Fields of a mapping signer (our extension of the `provenance:` block) with two spellings
// (cosign's `certificate-identity` and `identity`): either is read, both at once is an error.
import type { Field, YamlReader } from './yaml-reader.js'

export interface Spelled {
  key: string
  field: Field
}

/**
 * The field written under one of `spellings`: undefined when none is, null (reported at the
 * later key) when several are.
 */
export function spelledOnce(
  reader: YamlReader,
  fields: Map<string, Field>,
  spellings: readonly string[],
  where: string
): Spelled | undefined | null {
  const written = spellings.filter((key) => fields.has(key))
  if (written.length === 0) return undefined
  if (written.length === 1) return { key: written[0]!, field: fields.get(written[0]!)! }
  const later = written
    .map((key) => fields.get(key)!.key)
    .reduce((a, b) => ((a.range?.[0] ?? 0) > (b.range?.[0] ?? 0) ? a : b))
  reader.error(
    'CONFLICTING_KEYS',
    `${where}: write ${written.join(' or ')}, not both`,
    later,
    `${written.join(' and ')} are the same field (kpromo's and our spelling); keep one`
  )
  return null
}
