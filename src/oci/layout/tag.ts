// Tags of a layout directory: the `org.opencontainers.image.ref.name` annotations of index.json.
import type { TagListing } from '../store.js'
import { entryTag, hasLayout, readIndex } from './index-file.js'

/**
 * Tags (sorted) and, like Google's registry extension, every listed digest with its tags
 * (untagged top-level digests included). A directory without a layout does not exist yet.
 */
export async function tagList(dir: string): Promise<TagListing> {
  if (!(await hasLayout(dir))) return { exists: false, tags: [] }
  const tags = new Set<string>()
  const digests: NonNullable<TagListing['digests']> = new Map()
  for (const entry of (await readIndex(dir)).manifests) {
    const listed = digests.get(entry.digest) ?? { tags: [], mediaType: entry.mediaType }
    digests.set(entry.digest, listed)
    const tag = entryTag(entry)
    if (tag === undefined || tags.has(tag)) continue
    tags.add(tag)
    listed.tags.push(tag)
  }
  return { exists: true, tags: [...tags].sort(), digests }
}
