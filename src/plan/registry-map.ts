// Registry rewrites (`--registry-map FROM=TO`): replace a registry-name prefix in every edge, so a
// plan of real manifests can run against other registries (a local one, a mirror, a layout dir).
import type { Edge } from '../manifest/index.js'
import { PromoterError } from '../errors.js'

export interface RegistryMapping {
  from: string
  to: string
}

export class RegistryMapError extends PromoterError<'INVALID_REGISTRY_MAP'> {}

/** Parse `FROM=TO` specs; FROM and TO must be non-empty. Longest FROM first, so it wins. */
export function parseRegistryMap(specs: readonly string[]): RegistryMapping[] {
  return specs
    .map((spec) => {
      const eq = spec.indexOf('=')
      const from = spec.slice(0, eq).replace(/\/+$/, '')
      const to = spec.slice(eq + 1).replace(/\/+$/, '')
      if (eq < 0 || from === '' || to === '') {
        throw new RegistryMapError(
          'INVALID_REGISTRY_MAP',
          `expected --registry-map FROM=TO, got "${spec}"`,
          {
            hint: 'for example --registry-map registry.k8s.io=localhost:5000/k8s'
          }
        )
      }
      return { from, to }
    })
    .sort((a, b) => b.from.length - a.from.length)
}

/** Rewrite a registry name by the first (longest) mapping whose FROM is a whole-segment prefix. */
export function mapRegistry(name: string, mappings: readonly RegistryMapping[]): string {
  for (const { from, to } of mappings) {
    if (name === from) return to
    if (name.startsWith(`${from}/`)) return `${to}${name.slice(from.length)}`
  }
  return name
}

/**
 * Rewrite the source and destination registries of these edges in place (a full k8s.io plan has
 * ~720,000 edges: no copy of them, and one string per registry name, not per edge).
 */
export function applyRegistryMap(edges: Edge[], mappings: readonly RegistryMapping[]): void {
  if (mappings.length === 0) return
  const mapped = new Map<string, string>()
  const map = (name: string): string => {
    let to = mapped.get(name)
    if (to === undefined) mapped.set(name, (to = mapRegistry(name, mappings)))
    return to
  }
  for (const e of edges) {
    e.srcRegistry = map(e.srcRegistry)
    e.dstRegistry = map(e.dstRegistry)
  }
}
