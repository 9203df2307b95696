// Per-edge working state of the plan: repository names (interned, since a registry.k8s.io-sized
// plan has ~700,000 edges over ~20,000 repositories), the facts gathered so far, and whether the
// inventory cache already settled the edge as `done`.
import type { Edge } from '../manifest/model.js'
import { joinRepository } from '../oci/ref.js'
import type { InventoryCache } from './cache.js'
import type { EdgeFacts } from './classify.js'
import type { DestinationFacts } from './destination-reads.js'
import { mapRegistry, type RegistryMapping } from './registry-map.js'

/** One edge being planned; it carries its own facts (no separate object per edge). */
export interface EdgeWork extends EdgeFacts {
  edge: Edge
  /** Repository names, after the registry map. */
  srcRepo: string
  dstRepo: string
  /** Decided `done` from young cache data: no read needed (kpromo rule 1/2 comes first). */
  settled: boolean
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

function cachedFacts(
  cache: InventoryCache | undefined,
  edge: Edge,
  destination: string
): EdgeFacts {
  if (!cache) return {}
  if (edge.tag !== '') {
    const digest = cache.tagDigest(destination, edge.tag)
    return digest === edge.digest
      ? { destinationTag: { ok: true, value: digest, fromCache: true } }
      : {}
  }
  return cache.hasDigest(destination, edge.digest)
    ? { destinationDigest: { ok: true, value: true, fromCache: true } }
    : {}
}

/** Working state for each edge, with what young cache entries already say. */
export async function prepareEdges(
  edges: readonly Edge[],
  cache?: InventoryCache,
  mappings: readonly RegistryMapping[] = []
): Promise<EdgeWork[]> {
  const name = interner(mappings)
  const work: EdgeWork[] = edges.map((edge) => ({
    edge,
    srcRepo: name(edge.srcRegistry, edge.image),
    dstRepo: name(edge.dstRegistry, edge.image),
    settled: false,
    // Every field set up front: one object shape for all edges keeps them compact in V8.
    source: undefined,
    destinationTag: undefined,
    destinationDigest: undefined
  }))
  if (!cache) return work
  await cache.load(new Set(work.map((w) => w.dstRepo)))
  for (const w of work) {
    const cached = cachedFacts(cache, w.edge, w.dstRepo)
    w.destinationTag = cached.destinationTag
    w.destinationDigest = cached.destinationDigest
    w.settled = w.destinationTag !== undefined || w.destinationDigest !== undefined
  }
  return work
}

/** Attach the destination fact an edge needs (its tag, or its digest when tagless). */
export function applyDestinationFacts(w: EdgeWork, facts: DestinationFacts): void {
  if (w.edge.tag === '') w.destinationDigest = facts.digests.get(w.dstRepo, w.edge.digest)
  else w.destinationTag = facts.tags.get(w.dstRepo, w.edge.tag)
}
