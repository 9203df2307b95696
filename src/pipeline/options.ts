// The typed options of one run: what src/action/inputs.ts and src/cli/ both produce, and the only
// way configuration reaches the phases (the domain never reads process.env).
import type { KeyObject } from 'node:crypto'
import type { DiffScope } from '../manifest/index.js'
import type { RegistryClientOptions } from '../oci/registry/index.js'
import type { EdgeState } from '../plan/index.js'
import type { RegistryMapping } from '../plan/index.js'
import type { PromoteProgress } from '../promote/index.js'
import type { TrustOptions } from './trust-options.js'

export interface ShardOption {
  /** 1-based shard number. */
  index: number
  count: number
}

/** `sigcheck`: audit (and with confirm repair) our signatures and attestations. */
export interface SigcheckOptions {
  /** Destination references (`IMAGE@DIGEST`) to check instead of the manifests' promoted digests. */
  references?: string[]
  /** Check at most this many images (kpromo --limit). Unset = all. */
  limit?: number
  /**
   * Check promotion attestations only of digests whose manifest line changed since this git date
   * (kpromo --attestations-since); unset = every digest's.
   */
  attestationsSince?: string
  /** Our public key (keyed signing): only signatures by it count as ours. */
  publicKey?: KeyObject
}

export interface RunOptions {
  /** Plain manifest file; exactly one of manifest and thinManifestDir. */
  manifest?: string
  thinManifestDir?: string
  /** Which digests: all, changed between two revisions, or since a git date. Default all. */
  scope?: DiffScope
  /** Remote to fetch a missing base commit from (shallow clones). Default origin. */
  gitRemote?: string
  /** Write to registries (kpromo's --confirm). Default false: a dry run that stops after validate. */
  confirm?: boolean
  /**
   * Pull-request mode: no writing client is constructed at all (stronger than !confirm, which
   * also never writes but keeps the same clients).
   */
  readOnly?: boolean
  /** Stop after the plan (kpromo's --parse-only, which still reads the registries). */
  planOnly?: boolean
  /** Edge states that do not fail the run. Default none. */
  tolerate?: EdgeState[]
  /** Registry clients: credentials, limits, TLS. */
  registry?: Omit<RegistryClientOptions, 'readOnly'>
  /** Rewrites of registry names (prefix match), e.g. to plan against a mirror. */
  registryMap?: RegistryMapping[]
  /** Base directory for relative `oci:` layout paths. Default the manifest root. */
  layoutBaseDir?: string
  /** Also read destinations of lost edges, so an edge already promoted is `done` (kpromo rule 1 before 3). */
  checkLostDestinations?: boolean
  /** Inventory cache directory; unset = no cache. */
  cacheDir?: string
  /** Cached inventory younger than this may mark edges done. Default 6 h; 0 = never. */
  cacheMaxAgeMs?: number
  /**
   * May the cache answer at all (in a run that does not write)? Default true. The Action sets
   * false for reconcile and repair runs (schedule, workflow_dispatch), which confirm "done" live.
   */
  cacheAnswers?: boolean
  /** Handle only the destination hosts of this shard. */
  shard?: ShardOption
  /** Copy engine. */
  copyConcurrency?: number
  copyReferrers?: boolean
  failFast?: boolean
  /** Provenance, signatures, vulnerability gate, signing and attestations. */
  trust?: TrustOptions
  /** Set for `sigcheck` runs only. */
  sigcheck?: SigcheckOptions
  /** One human line at a time (phase starts, results). */
  log?: (line: string) => void
  onProgress?: (progress: PromoteProgress) => void
  signal?: AbortSignal
  /** Clock (tests). */
  now?: () => Date
}
