// The diff scope on edges: what a change adds is every edge of the head manifests that the base
// manifests did not have, so a destination added to a manifest selects all of its images there
// although no images.yaml line changed. Edges the base had and the head lacks are reported only:
// image-promoter never deletes.
import type { Edge } from './model.js'

/** A destination that lost edges in the change (nothing is deleted; the report says so). */
export interface RemovedDestination {
  registry: string
  /** Images that no longer promote to it. */
  images: number
  edges: number
  /** True when the head manifests promote nothing at all to this registry. */
  whole: boolean
}

/**
 * Edges indexed by (source, image, digest): the edges of one dmap entry are the cross product of
 * its destinations and tags (less redundant ones, which another entry holds), and they come
 * together, so each entry is stored as two small sets. At registry.k8s.io size (~720,000 edges
 * per side, ~20,000 entries) that is ~40,000 sets, not a key per edge.
 */
type EdgeIndex = Map<string, Array<{ destinations: Set<string>; tags: Set<string> }>>

function indexEdges(edges: readonly Edge[]): EdgeIndex {
  const index: EdgeIndex = new Map()
  let prev: Edge | undefined
  let group: { destinations: Set<string>; tags: Set<string> } | undefined
  for (const e of edges) {
    if (!prev || !sameEntry(prev, e)) {
      const key = unitKey(e)
      group = { destinations: new Set(), tags: new Set() }
      const groups = index.get(key)
      if (groups) groups.push(group)
      else index.set(key, [group])
    }
    group!.destinations.add(e.dstRegistry)
    group!.tags.add(e.tag)
    prev = e
  }
  return index
}

const unitKey = (e: Edge): string => `${e.srcRegistry}\0${e.image}\0${e.digest}`

/** Two edges of one dmap entry (emitted together, sharing their position object). */
const sameEntry = (a: Edge, b: Edge): boolean =>
  a.position === b.position &&
  a.digest === b.digest &&
  a.image === b.image &&
  a.srcRegistry === b.srcRegistry

function holds(index: EdgeIndex, e: Edge, key: string): boolean {
  return (
    index.get(key)?.some((g) => g.destinations.has(e.dstRegistry) && g.tags.has(e.tag)) ?? false
  )
}

/** The unit key of each edge in turn, made once per run of edges of one dmap entry. */
function unitKeys(): (e: Edge) => string {
  let prev: Edge | undefined
  let last = ''
  return (e) => {
    if (!prev || !sameEntry(prev, e)) last = unitKey(e)
    prev = e
    return last
  }
}

/** Head edges that the base lacks (by identity, positions aside), and what the base lost. */
export function diffEdges(
  head: readonly Edge[],
  base: readonly Edge[]
): { added: Set<Edge>; removed: RemovedDestination[] } {
  const before = indexEdges(base)
  const after = indexEdges(head)
  const keyOf = unitKeys()
  const added = new Set<Edge>()
  const destinations = new Set<string>()
  for (const e of head) {
    destinations.add(e.dstRegistry)
    if (!holds(before, e, keyOf(e))) added.add(e)
  }
  const lost = new Map<string, { images: Set<string>; edges: number }>()
  const baseKeyOf = unitKeys()
  for (const e of base) {
    if (holds(after, e, baseKeyOf(e))) continue
    let entry = lost.get(e.dstRegistry)
    if (!entry) lost.set(e.dstRegistry, (entry = { images: new Set(), edges: 0 }))
    entry.images.add(e.image)
    entry.edges++
  }
  const removed = [...lost]
    .map(([registry, { images, edges }]) => ({
      registry,
      images: images.size,
      edges,
      whole: !destinations.has(registry)
    }))
    .sort((a, b) => (a.registry < b.registry ? -1 : a.registry > b.registry ? 1 : 0))
  return { added, removed }
}
