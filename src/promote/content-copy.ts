// Copies a manifest and everything it references into a destination repository, by digest:
// blobs (or index children, depth-first, bounded) first, then the manifest bytes unchanged,
// under the request's first tag when it was read recently (one PUT places content and tag).
// A manifest already in the destination is taken as complete when copying by digest (registries
// accept a manifest only once what it references is there, and this engine writes in that order
// too); before a tag is written to it, completeContent makes sure (not every registry checks).
import { verifyBytes } from '../oci/digest.js'
import type { FetchedManifest, StoreRepo } from '../oci/store.js'
import { copyBlob } from './blob-copy.js'
import {
  checkStopped,
  repoKey,
  tagWriteKey,
  type ContentState,
  type CopyContext
} from './context.js'
import { PromoteError } from './errors.js'
import { mapBounded } from '../concurrency/index.js'
import { parseManifestContent } from './manifest-content.js'
import type { CopyCounters, TagOutcome } from './types.js'

/** A missing tag the content's manifest PUT may carry, and when it was read as missing. */
export interface ContentTag {
  tag: string
  readAt: number
}

/** The source manifest by digest, read once per run and verified against the digest. */
export async function readSourceManifest(
  context: CopyContext,
  source: StoreRepo,
  digest: string
): Promise<FetchedManifest> {
  const manifest = context.sourceManifests.run(repoKey(source, digest), async () => {
    const fetched = await source.store.manifestGet(source.repo, digest)
    verifyBytes(fetched.bytes, digest, `${source.repo}@${digest}`)
    return fetched
  })
  return manifest
}

/** How a content copy is to end, and what it may assume. */
export interface Placement {
  /**
   * A tag read as missing at `readAt`: the manifest is PUT under it, which places the content
   * and writes the tag in one request (read again first when the copy took longer than
   * `tagRecheckAfterMs`; found then, the manifest is PUT by digest and writeTag reports it).
   */
  tag?: ContentTag
  /** A child of an index being copied: most likely missing too. */
  underCopy?: boolean
}

/** Ensure `digest` and all it references exist in the destination; one copy per run. */
export async function copyContent(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string,
  placement: Placement = {}
): Promise<ContentState> {
  const state = context.contents.run(repoKey(destination, 'manifest', digest), () =>
    placeContent(context, counters, source, destination, digest, placement)
  )
  return state
}

/**
 * An image manifest with a tag to write, or under an index being copied, is copied without
 * asking the destination first: confirming it would cost as many requests (before a tag names
 * content already there its blobs are placed anyway, by no-op mounts or HEADs, and the tag is
 * PUT either way) and would add one when it is missing. A request without a tag keeps the HEAD
 * (a finished re-run only reads), and so does an index (its children would be copied again).
 */
async function placeContent(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string,
  { tag, underCopy = false }: Placement
): Promise<ContentState> {
  checkStopped(context)
  const present = () => destination.store.manifestHead(destination.repo, digest)
  const eager = tag !== undefined || underCopy
  if (!eager && (await present())) return 'exists'
  const manifest = await readSourceManifest(context, source, digest)
  const content = parseManifestContent(manifest, `${source.repo}@${digest}`)
  if (eager && content.kind === 'index' && (await present())) return 'exists'
  if (content.kind === 'index') {
    await mapBounded(content.children, context.options.childConcurrency, (child) =>
      copyContent(context, counters, source, destination, child.digest, { underCopy: true })
    )
  } else {
    // Blob streams are bounded run-wide by the stream limiter; HEADs and mounts are cheap.
    await mapBounded(content.blobs, content.blobs.length || 1, (blob) =>
      copyBlob(context, counters, source, destination, blob)
    )
  }
  checkStopped(context)
  if (tag !== undefined && (await stillMissing(context, destination, tag))) {
    // Everything it references is in place, so the tag names complete content from its first
    // moment; counted as that tag's write, so writeTag does not PUT it again.
    await context.tagWrites.run(tagWriteKey(destination, tag.tag, digest), async () => {
      await putManifest(counters, destination, tag.tag, manifest, digest)
      return { tag: tag.tag, state: 'written' } satisfies TagOutcome
    })
  } else {
    await putManifest(counters, destination, digest, manifest, digest)
  }
  return 'copied'
}

/**
 * The tag is still missing: read recently enough, or read again now when the copy took longer
 * than `tagRecheckAfterMs`. When someone wrote it meanwhile, the content goes in by digest and
 * writeTag reports the tag.
 */
async function stillMissing(
  context: CopyContext,
  destination: StoreRepo,
  tag: ContentTag
): Promise<boolean> {
  if (context.options.now() - tag.readAt < context.options.tagRecheckAfterMs) return true
  checkStopped(context)
  return (await destination.store.manifestHead(destination.repo, tag.tag)) === undefined
}

/**
 * Before a tag names content that was already in the destination: copy whatever it references
 * that is missing (a registry that does not check references, or a layout damaged by an earlier
 * run), so a tag never points at incomplete content. Once per digest and run; HEADs when whole.
 */
export async function completeContent(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string
): Promise<void> {
  const checked = context.contents.run(repoKey(destination, 'complete', digest), async () => {
    const manifest = await readSourceManifest(context, source, digest)
    const content = parseManifestContent(manifest, `${source.repo}@${digest}`)
    if (content.kind === 'index') {
      await mapBounded(content.children, context.options.childConcurrency, async (child) => {
        const state = await copyContent(context, counters, source, destination, child.digest)
        if (state === 'exists')
          await completeContent(context, counters, source, destination, child.digest)
      })
    } else {
      await mapBounded(content.blobs, content.blobs.length || 1, (blob) =>
        copyBlob(context, counters, source, destination, blob)
      )
    }
    return 'exists' as const
  })
  await checked
}

/** PUT manifest bytes unchanged under `reference` and check the digest the store reports. */
export async function putManifest(
  counters: CopyCounters,
  destination: StoreRepo,
  reference: string,
  manifest: FetchedManifest,
  digest: string
): Promise<void> {
  const written = await destination.store.manifestPut(destination.repo, reference, {
    mediaType: manifest.mediaType,
    bytes: manifest.bytes
  })
  counters.manifestsPut++
  if (written !== digest) {
    throw new PromoteError(
      'DESTINATION_DIGEST_MISMATCH',
      `${destination.repo}:${reference} was stored as ${written}, expected ${digest}`,
      { hint: 'the destination registry rewrote the manifest; it cannot hold this image unchanged' }
    )
  }
}

/** Live check after a copy, once per run: the destination must now resolve the digest. */
export async function verifyDestination(
  context: CopyContext,
  destination: StoreRepo,
  digest: string
): Promise<void> {
  const checked = context.verified.run(repoKey(destination, 'verify', digest), () =>
    checkDestination(destination, digest)
  )
  await checked
}

async function checkDestination(destination: StoreRepo, digest: string): Promise<void> {
  const found = await destination.store.manifestHead(destination.repo, digest)
  if (found?.digest !== digest) {
    throw new PromoteError(
      'DESTINATION_MISSING',
      `${destination.repo}@${digest} is not readable after the copy (got ${found?.digest ?? 'nothing'})`,
      {
        hint: 'the destination accepted the push but does not serve it; check its storage and retry'
      }
    )
  }
}
