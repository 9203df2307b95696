// How index.json entries change when a manifest is written: pure list logic, no I/O.
import type { Descriptor } from '../store.js'
import { entryTag } from './index-file.js'

/**
 * The entry list after writing `entry`, or undefined when nothing changes.
 *
 * - A tagged entry replaces the entry holding that tag (in place); the store does not guard
 *   against moving a tag, the copy engine does.
 * - An untagged entry is added only when its digest is not listed yet, so a manifest promoted by
 *   digest alone stays discoverable and survives garbage collection.
 * - Untagged entries made redundant are dropped: the same digest now tagged, or a child of the
 *   index being written (reachable through it, as when `skopeo copy --all` writes a layout).
 */
export function withEntry(
  entries: readonly Descriptor[],
  entry: Descriptor,
  children: ReadonlySet<string>
): Descriptor[] | undefined {
  const tag = entryTag(entry)
  if (tag === undefined && entries.some((existing) => existing.digest === entry.digest)) {
    return undefined
  }
  const result: Descriptor[] = []
  let placed = false
  for (const existing of entries) {
    const existingTag = entryTag(existing)
    if (tag !== undefined && existingTag === tag) {
      if (!placed) result.push(entry)
      placed = true
    } else if (
      existingTag === undefined &&
      (existing.digest === entry.digest || children.has(existing.digest))
    ) {
      continue
    } else {
      result.push(existing)
    }
  }
  if (!placed) result.push(entry)
  return JSON.stringify(result) === JSON.stringify(entries) ? undefined : result
}
