// Destination tags: a live read before any write, and a tag that points elsewhere is a
// conflict that is reported and never overwritten.
import type { StoreRepo } from '../oci/store.js'
import { checkStopped, tagWriteKey, type CopyContext } from './context.js'
import { putManifest, readSourceManifest } from './content-copy.js'
import type { CopyCounters, TagOutcome } from './types.js'

/** Live read of a destination tag: its outcome, or undefined when the tag does not exist. */
export async function readTag(
  destination: StoreRepo,
  tag: string,
  digest: string
): Promise<TagOutcome | undefined> {
  const found = await destination.store.manifestHead(destination.repo, tag)
  if (found === undefined) return undefined
  if (found.digest === digest) return { tag, state: 'exists' }
  return { tag, state: 'conflict', found: found.digest }
}

/**
 * Point `tag` at `digest`, whose content must already be in the destination. With `recheck`
 * the tag is read again right before the PUT (time has passed since the first read).
 */
export async function writeTag(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string,
  tag: string,
  recheck: boolean
): Promise<TagOutcome> {
  const outcome = context.tagWrites.run(tagWriteKey(destination, tag, digest), async () => {
    if (recheck) {
      const current = await readTag(destination, tag, digest)
      if (current !== undefined) return current
    }
    checkStopped(context)
    const manifest = await readSourceManifest(context, source, digest)
    await putManifest(counters, destination, tag, manifest, digest)
    return { tag, state: 'written' }
  })
  return outcome
}

export function conflictReason(destination: StoreRepo, digest: string, outcomes: TagOutcome[]) {
  return outcomes
    .filter((o) => o.state === 'conflict')
    .map(
      (o) =>
        `tag ${destination.repo}:${o.tag} points at ${o.found}, expected ${digest}; left untouched`
    )
    .join('; ')
}
