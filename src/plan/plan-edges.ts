// The plan's edges while it is computed. A registry.k8s.io-sized plan has ~720,000 edges over
// ~20,000 repositories, so each edge is one PlannedEdge object from the start (filled in when
// classified), repository names are interned, and the facts read stay in per-repository maps.
import type { Edge } from '../manifest/index.js'
import { joinRepository } from '../oci/ref.js'
import type { InventoryCache } from './cache.js'
import { REASON, type EdgeFacts } from './classify.js'
import { mapRegistry, type RegistryMapping } from './registry-map.js'
import type { PlannedEdge } from './schema.js'

/** How young cache data settled an edge: not at all, its destination tag, its digest. */
export const SETTLED = { no: 0, tag: 1, digest: 2 } as const

/** The edges being planned, and which of them young cache data already settled as `done`. */
export interface PlanWork {
  edges: PlannedEdge[]
  /**
   * Per edge, a SETTLED value: one byte, not a facts object per edge (~57 MB of a warm k8s.io
   * plan); the facts are made when the edge is classified.
   */
  settled: Uint8Array
}

/** The facts a SETTLED value stands for (the cache saw the edge's own digest). */
export function settledFacts(edge: Edge, settled: number): EdgeFacts | undefined {
  if (settled === SETTLED.tag)
    return { destinationTag: { ok: true, value: edge.digest, fromCache: true } }
  if (settled === SETTLED.digest)
    return { destinationDigest: { ok: true, value: true, fromCache: true } }
  return undefined
}

function interner(
  mappings: readonly RegistryMapping[]
): (registry: string, image: string) => string {
  const names = new Map<string, Map<string, string>>()
  return (registry, image) => {
    let byImage = names.get(registry)
    if (!byImage) names.set(registry, (byImage = new Map()))
    registry = mapRegistry(registry, mappings)
    let name = byImage.get(image)
    if (name === undefined) byImage.set(image, (name = joinRepository(registry, image)))
    return name
  }
}

function cachedState(cache: InventoryCache, edge: Edge, destination: string): number {
  if (edge.tag !== '')
    return cache.tagDigest(destination, edge.tag) === edge.digest ? SETTLED.tag : SETTLED.no
  return cache.hasDigest(destination, edge.digest) ? SETTLED.digest : SETTLED.no
}

/** One unclassified PlannedEdge per edge, with what young cache entries already say. */
export async function prepareEdges(
  edges: readonly Edge[],
  cache?: InventoryCache,
  mappings: readonly RegistryMapping[] = []
): Promise<PlanWork> {
  const name = interner(mappings)
  const planned: PlannedEdge[] = edges.map((edge) => ({
    edge,
    source: name(edge.srcRegistry, edge.image),
    destination: name(edge.dstRegistry, edge.image),
    // Every field set up front: one object shape for all edges keeps them compact in V8.
    state: 'error',
    reason: REASON.notRead,
    position: edge.position,
    destinationDigest: undefined,
    fromCache: undefined
  }))
  const settled = new Uint8Array(planned.length)
  if (cache) {
    await cache.load(new Set(planned.map((p) => p.destination)))
    planned.forEach((p, i) => (settled[i] = cachedState(cache, p.edge, p.destination)))
  }
  return { edges: planned, settled }
}
