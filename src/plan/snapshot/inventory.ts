// A snapshot inventory (kpromo's RegInvImage): image name -> digest -> tags, plus the filters
// kpromo applies to it (--snapshot-tag, --minimal-snapshot).

/** image -> digest -> tags. Image names are relative to the snapshot prefix ('' for the prefix itself). */
export type SnapshotInventory = Map<string, Map<string, string[]>>

/** Add a digest (and tags) to an image, merging with tags already there. */
export function addToInventory(
  inventory: SnapshotInventory,
  image: string,
  digest: string,
  tags: readonly string[]
): void {
  let digests = inventory.get(image)
  if (!digests) inventory.set(image, (digests = new Map()))
  const known = digests.get(digest) ?? []
  digests.set(digest, [...new Set([...known, ...tags])])
}

/** Keep only digests carrying `tag`, with all their tags; images left empty are dropped (kpromo §5.1 step 5). */
export function filterByTag(inventory: SnapshotInventory, tag: string): SnapshotInventory {
  const out: SnapshotInventory = new Map()
  for (const [image, digests] of inventory) {
    for (const [digest, tags] of digests)
      if (tags.includes(tag)) addToInventory(out, image, digest, tags)
  }
  return out
}

/** Drop tagless digests that are children of an index (kpromo §5.1 step 6); empty images are dropped. */
export function dropIndexChildren(
  inventory: SnapshotInventory,
  children: ReadonlySet<string>
): SnapshotInventory {
  const out: SnapshotInventory = new Map()
  for (const [image, digests] of inventory) {
    for (const [digest, tags] of digests) {
      if (tags.length > 0 || !children.has(digest)) addToInventory(out, image, digest, tags)
    }
  }
  return out
}
