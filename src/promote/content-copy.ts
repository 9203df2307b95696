// Copies a manifest and everything it references into a destination repository, by digest:
// blobs (or index children, depth-first, bounded) first, then the manifest bytes unchanged.
// A manifest already in the destination is taken as complete when copying by digest (registries
// accept a manifest only once what it references is there, and this engine writes in that order
// too); before a tag is written to it, completeContent makes sure (not every registry checks).
import { verifyBytes } from '../oci/digest.js'
import type { FetchedManifest, StoreRepo } from '../oci/store.js'
import { copyBlob } from './blob-copy.js'
import { checkStopped, repoKey, type ContentState, type CopyContext } from './context.js'
import { PromoteError } from './errors.js'
import { mapBounded } from '../concurrency/index.js'
import { parseManifestContent } from './manifest-content.js'
import type { CopyCounters } from './types.js'

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

/** Ensure `digest` and all it references exist in the destination; one copy per run. */
export async function copyContent(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string
): Promise<ContentState> {
  const state = context.contents.run(repoKey(destination, 'manifest', digest), () =>
    placeContent(context, counters, source, destination, digest)
  )
  return state
}

async function placeContent(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string
): Promise<ContentState> {
  checkStopped(context)
  if (await destination.store.manifestHead(destination.repo, digest)) return 'exists'
  const manifest = await readSourceManifest(context, source, digest)
  const content = parseManifestContent(manifest, `${source.repo}@${digest}`)
  if (content.kind === 'index') {
    await mapBounded(content.children, context.options.childConcurrency, (child) =>
      copyContent(context, counters, source, destination, child.digest)
    )
  } else {
    // Blob streams are bounded run-wide by the stream limiter; HEADs and mounts are cheap.
    await mapBounded(content.blobs, content.blobs.length || 1, (blob) =>
      copyBlob(context, counters, source, destination, blob)
    )
  }
  checkStopped(context)
  await putManifest(counters, destination, digest, manifest, digest)
  return 'copied'
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
