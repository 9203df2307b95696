// The cache contract's safety net: right before a write, re-read the destination live. A `done`
// or `promote` decided from (possibly stale) data is re-classified from what the store says now.
import type { StoreResolver } from '../oci/open.js'
import { errorMessage } from '../errors.js'
import { classifyEdge, type Classification } from './classify.js'
import type { PlannedEdge } from './schema.js'

/**
 * Re-classify one planned edge from a live HEAD of its destination tag (or digest, for a tagless
 * edge). The source is taken as present: the caller copies from it next and finds out anyway.
 * Returns `promote` only when writing is still right.
 */
export async function recheckDestination(
  planned: PlannedEdge,
  resolve: StoreResolver
): Promise<Classification> {
  const { edge } = planned
  try {
    const { store, repo } = resolve(planned.destination)
    const found = await store.manifestHead(repo, edge.tag === '' ? edge.digest : edge.tag)
    const facts =
      edge.tag === ''
        ? { destinationDigest: { ok: true as const, value: found !== undefined } }
        : { destinationTag: { ok: true as const, value: found?.digest ?? null } }
    return classifyEdge(edge, { source: { ok: true, value: true }, ...facts })
  } catch (error) {
    return {
      state: 'error',
      reason: `cannot re-read the destination before writing: ${errorMessage(error)}`
    }
  }
}
