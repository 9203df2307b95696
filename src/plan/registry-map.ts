// Registry rewrites (`--registry-map FROM=TO`): replace a registry-name prefix in every edge, so a
// plan of real manifests can run against other registries (a local one, a mirror, a layout dir).
import type { Edge } from '../manifest/model.js'
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

/** Edges with source and destination registries rewritten; positions and the rest unchanged. */
export function mapEdges(edges: readonly Edge[], mappings: readonly RegistryMapping[]): Edge[] {
  if (mappings.length === 0) return [...edges]
  // One string per registry name, not per edge: a full k8s.io plan has ~700,000 edges.
  const mapped = new Map<string, string>()
  const map = (name: string): string => {
    let to = mapped.get(name)
    if (to === undefined) mapped.set(name, (to = mapRegistry(name, mappings)))
    return to
  }
  return edges.map((e) => ({
    ...e,
    srcRegistry: map(e.srcRegistry),
    dstRegistry: map(e.dstRegistry)
  }))
}
