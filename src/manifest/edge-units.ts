// Edges in compact form: one EdgeUnit per (manifest, image, digest) stands for the cross product
// of its destinations and tags, so the overlap check works on ~20k units, not ~720k edges.
import type { SourcePosition } from '../errors.js'
import type { DigestEntry, PromotionManifest } from './model.js'

export interface EdgeUnit {
  srcRegistry: string
  image: string
  digest: string
  /** Destination registry names, each once, in manifest order. */
  destinations: string[]
  /** Tags, each once; `['']` for a tagless promotion. */
  tags: string[]
  position: SourcePosition
  /** Position of each tag (the digest's position for a tagless unit). */
  tagPositions: SourcePosition[]
  /** Edges left out as redundant, as `destinationIndex * tags.length + tagIndex`. */
  skip?: Set<number>
}

/** One unit per digest entry of every manifest, in manifest, image and dmap order. */
export function collectUnits(manifests: PromotionManifest[]): EdgeUnit[] {
  const units: EdgeUnit[] = []
  for (const manifest of manifests) {
    const destinations = unique(manifest.destinations.map((r) => r.name))
    if (destinations.length === 0) continue
    for (const image of manifest.images) {
      for (const entry of image.digests) {
        const tagged = entry.tags.length > 0
        const tags = tagged ? unique(entry.tags) : ['']
        const tagPositions = tagged ? firstPositions(entry, tags) : [entry.position]
        units.push({
          srcRegistry: manifest.source.name,
          image: image.name,
          digest: entry.digest,
          destinations,
          tags,
          position: entry.position,
          tagPositions
        })
      }
    }
  }
  return units
}

/** Mark an edge of `unit` as redundant, so it is not emitted. */
export function skipEdge(unit: EdgeUnit, destinationIndex: number, tagIndex: number): void {
  unit.skip ??= new Set()
  unit.skip.add(destinationIndex * unit.tags.length + tagIndex)
}

/** Position of each tag's first occurrence (one pass: a dmap entry can list 100,000 tags). */
function firstPositions(entry: DigestEntry, tags: string[]): SourcePosition[] {
  const first = new Map<string, SourcePosition>()
  entry.tags.forEach((tag, i) => {
    if (!first.has(tag)) first.set(tag, entry.tagPositions?.[i] ?? entry.position)
  })
  return tags.map((tag) => first.get(tag) ?? entry.position)
}

function unique(values: string[]): string[] {
  return values.length < 2 ? values : [...new Set(values)]
}
