// Places one blob in a destination repository: on the source's host mount it from the source;
// else skip it when there (HEAD), mount from a sibling destination repository known to hold it,
// or stream the source GET into the upload.
// Only one stream per (destination host, blob) runs at a time; later ones mount its result.
import { pipeline, Transform, type TransformCallback } from 'node:stream'
import { isVerifiedStream, markVerified } from '../oci/digest.js'
import type { Descriptor, StoreRepo } from '../oci/store.js'
import {
  checkStopped,
  hostKey,
  knownLocations,
  rememberLocation,
  repoKey,
  type CopyContext
} from './context.js'
import type { CopyCounters } from './types.js'

/** Copy one blob unless the destination repository has it; counters go to the caller. */
export async function copyBlob(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  blob: Descriptor
): Promise<void> {
  // Non-distributable layers live at their `urls`; registries do not expect them uploaded.
  if (blob.urls !== undefined && blob.urls.length > 0) {
    counters.foreignLayers++
    return
  }
  const placed = context.blobs.run(repoKey(destination, 'blob', blob.digest), () =>
    placeBlob(context, counters, source, destination, blob)
  )
  await placed
}

async function placeBlob(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  blob: Descriptor
): Promise<void> {
  checkStopped(context)
  const tried = new Set<string>()
  // Same host: mount straight from the source. A mount of a blob the destination already has
  // is a no-op answered 201, so a HEAD first would only add a request.
  if (source.store.host === destination.store.host && source.repo !== destination.repo) {
    if (await mountFrom(context, counters, destination, blob.digest, source.repo, tried)) return
  }
  if (await destination.store.blobHas(destination.repo, blob.digest)) {
    counters.blobsSkipped++
    rememberLocation(context, destination, blob.digest)
    return
  }
  const key = hostKey(destination, blob.digest)
  for (;;) {
    if (await mountFromKnown(context, counters, source, destination, blob.digest, tried)) return
    const inFlight = context.uploads.get(key)
    if (inFlight === undefined) break
    await inFlight
  }
  // No await between the check above and registering the upload: it is ours alone.
  const upload = context.streams.run(() => streamBlob(context, counters, source, destination, blob))
  const settled = upload.then(
    () => undefined,
    () => undefined
  )
  context.uploads.set(key, settled)
  try {
    await upload
    rememberLocation(context, destination, blob.digest)
  } finally {
    context.uploads.delete(key)
  }
}

function mountCandidates(
  context: CopyContext,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string
): string[] {
  const candidates: string[] = []
  if (source.store.host === destination.store.host) candidates.push(source.repo)
  candidates.push(...knownLocations(context, destination, digest))
  return [...new Set(candidates)].filter((repo) => repo !== destination.repo)
}

async function mountFromKnown(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string,
  tried: Set<string>
): Promise<boolean> {
  for (const from of mountCandidates(context, source, destination, digest)) {
    if (await mountFrom(context, counters, destination, digest, from, tried)) return true
  }
  return false
}

async function mountFrom(
  context: CopyContext,
  counters: CopyCounters,
  destination: StoreRepo,
  digest: string,
  from: string,
  tried: Set<string>
): Promise<boolean> {
  if (tried.has(from)) return false
  tried.add(from)
  checkStopped(context)
  // A refused mount (permissions, a registry without mounts) falls back to streaming.
  const mounted = await destination.store
    .blobMount(destination.repo, digest, from)
    .catch(() => false)
  if (!mounted) return false
  counters.mounts++
  context.progress.mounted()
  rememberLocation(context, destination, digest)
  return true
}

function countingStream(onBytes: (count: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      onBytes(chunk.length)
      callback(null, chunk)
    }
  })
}

async function streamBlob(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  blob: Descriptor
): Promise<void> {
  checkStopped(context)
  const reader = await source.store.blobGet(source.repo, blob.digest)
  context.progress.streamStarted(blob.size)
  const counter = countingStream((count) => {
    counters.bytes += count
    context.progress.bytesMoved(count)
  })
  // pipeline() destroys the upload body with the source's error (e.g. a digest mismatch at the
  // end), so a bad blob is never committed; the reader verifies digest and size as it streams.
  const body = pipeline(reader.stream, counter, () => undefined)
  // The counter only passes on what the reader verifies, so the upload need not hash it again.
  if (isVerifiedStream(reader.stream, blob.digest)) markVerified(body, blob.digest)
  // A store that consumes the body with pipe() never sees its error and would wait for bytes
  // that never come; fail as soon as the source does.
  const sourceFailed = new Promise<never>((_, reject) => body.once('error', reject))
  const put = destination.store.blobPut(destination.repo, blob.digest, blob.size, body)
  put.catch(() => undefined)
  sourceFailed.catch(() => undefined)
  try {
    await Promise.race([put, sourceFailed])
  } catch (error) {
    // A stopped run lets the upload settle: its store (signalled) removes what it half-wrote.
    if (context.stop.signal.aborted) await put.catch(() => undefined)
    throw error
  } finally {
    if (!reader.stream.destroyed) reader.stream.destroy()
  }
  counters.uploads++
}
