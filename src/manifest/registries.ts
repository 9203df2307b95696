// Reads a `registries:` list into RegistryEntry values (types and keys only; rules.ts validates).
import type { RegistryEntry } from './model.js'
import type { YamlReader } from './yaml-reader.js'

type Node = Parameters<YamlReader['resolve']>[0]

/** The keys kpromo's registry entry accepts (`token` is hidden from YAML there, so unknown here). */
export const REGISTRY_KEYS = ['name', 'service-account', 'src'] as const

/** Registry entries of `node` (a list); entries that are not mappings are reported and skipped. */
export function readRegistries(reader: YamlReader, node: Node): RegistryEntry[] {
  const entries: RegistryEntry[] = []
  for (const item of reader.list(node, 'registries') ?? []) {
    const fields = reader.fields(item, 'registry entry', REGISTRY_KEYS)
    if (!fields) continue
    const name = reader.string(fields.get('name')?.value, 'registry name')
    const src = fields.get('src')
    const isSource = src && reader.bool(src.value, 'registry src')
    const serviceAccount = fields.get('service-account')
    const account =
      serviceAccount && reader.string(serviceAccount.value, 'registry service-account')
    // A name of the wrong type is already an error; leaving the entry out avoids a second one.
    if (name === undefined) continue
    const entry: RegistryEntry = { name, src: isSource ?? false, position: reader.position(item) }
    if (account !== undefined) entry.serviceAccount = account
    if (src) entry.srcPosition = reader.position(src.key)
    entries.push(entry)
  }
  return entries
}
