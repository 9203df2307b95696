// Promotion edges (kpromo-compat §2.2): for every digest, every destination and every tag, one
// edge from the source registry; each (source, image, digest, destination, tag) once.
import { capFindings, sortErrors, type ManifestError } from './errors.js'
import { collectUnits, type EdgeUnit } from './edge-units.js'
import type { Edge, PromotionManifest } from './model.js'
import { checkOverlaps } from './overlap.js'

export interface EdgeSet {
  /** Unique edges in manifest, image, dmap, destination and tag order. */
  edges: Edge[]
  /** Overlap errors: one destination tag named with two digests (each position reported, capped). */
  errors: ManifestError[]
}

/**
 * All edges of `manifests` together, with kpromo's overlap check across manifests. Redundant
 * edges (same destination tag and digest twice) are kept once; tagless edges have tag `''`.
 */
export function buildEdges(manifests: PromotionManifest[]): EdgeSet {
  const units = collectUnits(manifests)
  const errors = checkOverlaps(units)
  const edges: Edge[] = []
  for (const unit of units) emitEdges(unit, edges)
  return { edges, errors: capFindings(sortErrors(errors), 'errors') }
}

function emitEdges(unit: EdgeUnit, edges: Edge[]): void {
  const { srcRegistry, image, digest, position, tags, skip } = unit
  unit.destinations.forEach((dstRegistry, d) => {
    tags.forEach((tag, t) => {
      if (skip?.has(d * tags.length + t)) return
      edges.push({ srcRegistry, dstRegistry, image, digest, tag, position })
    })
  })
}
