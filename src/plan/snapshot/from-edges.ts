// The manifest-based snapshot (kpromo §5.2): what the manifests say a registry should hold, with
// no network. Unlike kpromo it honours thin-manifest directories (the caller passes their edges),
// matches the prefix on whole path segments, and a tagless edge never wipes another edge's tags.
import type { Edge } from '../../manifest/index.js'
import { addToInventory, type SnapshotInventory } from './inventory.js'

/** The image key of `registry/image` under `prefix`, or undefined when it is outside the prefix. */
export function imageUnderPrefix(
  registry: string,
  image: string,
  prefix: string
): string | undefined {
  const p = prefix.replace(/\/+$/, '')
  const r = registry.replace(/\/+$/, '')
  if (r !== p && !r.startsWith(`${p}/`)) return undefined
  return [r.slice(p.length), image].join('/').replace(/^\/+/, '').replace(/\/+$/, '')
}

/** Inventory of every edge whose destination registry lies under `prefix`. */
export function edgesToSnapshot(edges: readonly Edge[], prefix: string): SnapshotInventory {
  const inventory: SnapshotInventory = new Map()
  for (const edge of edges) {
    const image = imageUnderPrefix(edge.dstRegistry, edge.image, prefix)
    if (image === undefined) continue
    addToInventory(inventory, image, edge.digest, edge.tag === '' ? [] : [edge.tag])
  }
  return inventory
}
