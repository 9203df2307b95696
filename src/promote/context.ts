// Shared state of one promote() run: de-duplication memos, where blobs are known to be on each
// host, the stream limiter, progress, and the stop flag checked at every step boundary.
import type { FetchedManifest, Store, StoreRepo } from '../oci/store.js'
import { abortReason } from '../cancel.js'
import { cancelledError } from './errors.js'
import { Memo, Semaphore } from '../concurrency/index.js'
import type { ResolvedPromoteOptions } from './options.js'
import { ProgressTracker } from './progress-tracker.js'
import type { ReferrerOutcome, TagOutcome } from './types.js'

/** 'copied' when this run wrote the manifest, 'exists' when the destination had it. */
export type ContentState = 'copied' | 'exists'

export interface CopyContext {
  options: ResolvedPromoteOptions
  /** One content copy per (destination repository, digest). */
  contents: Memo<ContentState>
  /** One placement per (destination repository, blob). */
  blobs: Memo<void>
  /** Streams in flight per (destination host, blob): later ones wait, then mount. */
  uploads: Map<string, Promise<void>>
  /** Repositories per (host, blob) known to hold the blob during this run. */
  locations: Map<string, Set<string>>
  /** Source manifests read once per (source repository, digest). */
  sourceManifests: Memo<FetchedManifest>
  /** One tag write per (destination repository, tag, digest). */
  tagWrites: Memo<TagOutcome>
  /** One live check after a copy per (destination repository, digest). */
  verified: Memo<void>
  /** One referrers copy per (destination repository, digest). */
  referrerCopies: Memo<ReferrerOutcome>
  streams: Semaphore
  progress: ProgressTracker
  /** Why the run stops early, once it does. */
  stopReason?: string
  /** Aborted with the run's signal or by fail-fast: every store request of the run carries it. */
  stop: AbortController
  /** One view per store bound to `stop` (so merged reads stay merged). */
  views: Map<Store, Store>
}

export function createCopyContext(options: ResolvedPromoteOptions, edges: number): CopyContext {
  return {
    options,
    contents: new Memo(),
    blobs: new Memo(),
    uploads: new Map(),
    locations: new Map(),
    sourceManifests: new Memo(),
    tagWrites: new Memo(),
    verified: new Memo(),
    referrerCopies: new Memo(),
    streams: new Semaphore(options.streamConcurrency),
    progress: new ProgressTracker(
      edges,
      options.onProgress,
      options.now,
      options.progressIntervalMs
    ),
    stop: new AbortController(),
    views: new Map()
  }
}

/** Key of something inside one repository of one store. */
export function repoKey(endpoint: StoreRepo, ...parts: string[]): string {
  return [endpoint.store.host, endpoint.repo, ...parts].join('\u0000')
}

/** Key of one tag write (tagWrites): the tag and the digest it is to name. */
export function tagWriteKey(destination: StoreRepo, tag: string, digest: string): string {
  return repoKey(destination, 'tag', tag, digest)
}

export function hostKey(endpoint: StoreRepo, digest: string): string {
  return `${endpoint.store.host}\u0000${digest}`
}

/** Stop the run: no new step starts, and requests and streams in flight are aborted. */
export function stopRun(context: CopyContext, reason: string): void {
  context.stopReason ??= reason
  if (!context.stop.signal.aborted) context.stop.abort(cancelledError(context.stopReason))
}

/** The same endpoint on a view of its store that stops when the run stops. */
export function stoppable(context: CopyContext, endpoint: StoreRepo): StoreRepo {
  let store = context.views.get(endpoint.store)
  if (store === undefined) {
    store = endpoint.store.withSignal?.(context.stop.signal) ?? endpoint.store
    context.views.set(endpoint.store, store)
  }
  return { ...endpoint, store }
}

/** Throws CANCELLED when the run was stopped (fail-fast or the abort signal). */
export function checkStopped(context: CopyContext): void {
  if (context.options.signal?.aborted) stopRun(context, abortReason(context.options.signal))
  if (context.stopReason !== undefined) throw cancelledError(context.stopReason)
}

export function rememberLocation(context: CopyContext, at: StoreRepo, digest: string): void {
  const key = hostKey(at, digest)
  const repos = context.locations.get(key) ?? new Set<string>()
  repos.add(at.repo)
  context.locations.set(key, repos)
}

export function knownLocations(context: CopyContext, host: StoreRepo, digest: string): string[] {
  return [...(context.locations.get(hostKey(host, digest)) ?? [])]
}
