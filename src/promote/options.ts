// Options of promote(), with named defaults applied in one place.
import type { PromoteProgress } from './types.js'

/** kpromo copies 20 edges at a time (`opts.Threads`, no flag). */
export const DEFAULT_COPY_CONCURRENCY = 20
/** Children of one index copied at once, as crane does. */
export const DEFAULT_CHILD_CONCURRENCY = 4
/** Blob streams open at once across the whole run (mounts and HEADs are not limited here). */
export const DEFAULT_STREAM_CONCURRENCY = 6
/** A tag read this long before its write (a slow content copy in between) is read again. */
export const DEFAULT_TAG_RECHECK_AFTER_MS = 2000
/** Minimum interval between byte-progress events; edge completions are always reported. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 250

export interface PromoteOptions {
  /** Requests (destination repository + digest groups) in flight at once. Default 20. */
  concurrency?: number
  /** Index children copied at once per index. Default 4. */
  childConcurrency?: number
  /** Blob streams in flight at once for the run. Default 6. */
  streamConcurrency?: number
  /** Also copy OCI referrers and cosign `.sig`/`.att`/`.sbom` tags of each source digest. Default false. */
  copyReferrers?: boolean
  /** Stop starting new requests after the first failure. Default false (failures are isolated). */
  failFast?: boolean
  onProgress?: (progress: PromoteProgress) => void
  /** Stops the run at the next step boundary; finished content stays. */
  signal?: AbortSignal
  /**
   * When the content copy took longer than this since a tag was read, the tag is read again
   * right before it is written. Default 2000 ms; 0 always reads twice.
   */
  tagRecheckAfterMs?: number
  /** Clock for durations and progress throttling. Default `Date.now`. */
  now?: () => number
  progressIntervalMs?: number
}

export type ResolvedPromoteOptions = Required<Omit<PromoteOptions, 'onProgress' | 'signal'>> &
  Pick<PromoteOptions, 'onProgress' | 'signal'>

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1, got ${value}`)
  }
  return value
}

export function resolvePromoteOptions(options: PromoteOptions = {}): ResolvedPromoteOptions {
  return {
    concurrency: positive('concurrency', options.concurrency, DEFAULT_COPY_CONCURRENCY),
    childConcurrency: positive(
      'childConcurrency',
      options.childConcurrency,
      DEFAULT_CHILD_CONCURRENCY
    ),
    streamConcurrency: positive(
      'streamConcurrency',
      options.streamConcurrency,
      DEFAULT_STREAM_CONCURRENCY
    ),
    copyReferrers: options.copyReferrers ?? false,
    failFast: options.failFast ?? false,
    onProgress: options.onProgress,
    signal: options.signal,
    now: options.now ?? Date.now,
    progressIntervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    tagRecheckAfterMs: options.tagRecheckAfterMs ?? DEFAULT_TAG_RECHECK_AFTER_MS
  }
}
