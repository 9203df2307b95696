// The copy engine's input and output: plain data, independent of how edges were planned.
import type { StoreRepo } from '../oci/store.js'

/**
 * One promotion edge (or several tags of one edge). Requests with the same destination
 * repository and digest share one content copy; each tag costs one manifest PUT.
 */
export interface CopyRequest {
  /** Edge key, echoed in the result for the report. */
  id: string
  source: StoreRepo
  /** The source digest; content is always read by digest. */
  digest: string
  destination: StoreRepo
  /** Tags to write at the destination; [] copies tagless (by digest only). */
  tags: string[]
}

/** Where a request ended: copied now, already complete, blocked by a tag, or failed. */
export type CopyState = 'copied' | 'exists' | 'conflict' | 'failed'

/** What happened to one destination tag. */
export type TagState = 'written' | 'exists' | 'conflict'

export interface TagOutcome {
  tag: string
  state: TagState
  /** For a conflict: the digest the tag points at (left untouched). */
  found?: string
}

/** Work counters; a shared copy is counted once, on the request that performed it. */
export interface CopyCounters {
  /** Blob bytes streamed through this process. */
  bytes: number
  /** Blobs linked by a cross-repository mount (zero bytes through the client). */
  mounts: number
  /** Blobs uploaded by streaming. */
  uploads: number
  /** Blobs already in the destination repository (HEAD said so). */
  blobsSkipped: number
  /** Non-distributable layers (descriptors with `urls`) that were not uploaded. */
  foreignLayers: number
  /** Manifest PUTs, by digest and by tag. */
  manifestsPut: number
}

/** Referrers that followed the image (copy-referrers). */
export interface ReferrerOutcome {
  /** Referrer manifest digests (OCI referrers) written to the destination now. */
  copied: string[]
  /** Cosign-style tags (`sha256-<hex>.sig`, ...) written to the destination now. */
  tags: TagOutcome[]
}

export interface CopyResult {
  id: string
  state: CopyState
  /** Why a request failed or conflicted, in the user's words. */
  reason?: string
  /** Error code for failures (`CANCELLED` for work never started after a stop). */
  code?: string
  error?: unknown
  tags: TagOutcome[]
  counters: CopyCounters
  referrers?: ReferrerOutcome
  durationMs: number
}

/** Progress snapshot handed to renderers; all numbers are cumulative for the run. */
export interface PromoteProgress {
  /** Unset: promote (edges, bytes). sign / attest report digests through the same renderers. */
  task?: 'sign' | 'attest'
  edgesTotal: number
  edgesDone: number
  edgesFailed: number
  /** Blob bytes streamed so far. */
  bytesDone: number
  /** Bytes of blobs found to need streaming so far (grows as manifests are read). */
  bytesPlanned: number
  mounts: number
  elapsedMs: number
}

export interface PromoteTotals extends CopyCounters {
  copied: number
  exists: number
  conflict: number
  failed: number
}

export interface PromoteResult {
  results: CopyResult[]
  totals: PromoteTotals
  /** True when no request failed or conflicted. */
  ok: boolean
  /** True when fail-fast or the abort signal stopped the run before all work started. */
  stopped: boolean
  durationMs: number
}
