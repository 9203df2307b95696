// Shared shapes of the two-phase inventory read: how stores are reached, the fact tables keyed by
// (repository, reference), and the context each read phase runs in.
import type { KeyedSemaphore } from '../concurrency/index.js'
import { errorMessage } from '../errors.js'
import type { StoreResolver } from '../oci/open.js'
import type { StoreRepo, TagListing } from '../oci/store.js'
import type { InventoryCache } from './cache.js'
import type { Lookup } from './classify.js'

/**
 * Facts keyed by (repository name, tag or digest), two levels deep so that lookups for each of
 * up to a million edges build no key strings.
 */
export class FactTable<T> {
  private readonly byRepository = new Map<string, Map<string, Lookup<T>>>()

  get(repository: string, reference: string): Lookup<T> | undefined {
    return this.byRepository.get(repository)?.get(reference)
  }

  set(repository: string, reference: string, fact: Lookup<T>): void {
    let facts = this.byRepository.get(repository)
    if (!facts) this.byRepository.set(repository, (facts = new Map()))
    facts.set(reference, fact)
  }
}

/** Logical store calls made by the plan, by kind. */
export interface ReadCounter {
  sourceHeads: number
  destinationHeads: number
  tagLists: number
}

/**
 * Default number of needed references in one repository above which the plan lists its tags once
 * instead of sending one HEAD per reference.
 */
export const DEFAULT_LIST_THRESHOLD = 3

export interface ReadContext {
  resolve: StoreResolver
  /** In-flight reads per registry host. */
  pool: KeyedSemaphore
  counter: ReadCounter
  cache?: InventoryCache
  listThreshold: number
}

/** Google's extended tags/list answers digests too (kpromo §2.4.1); only ask it where it exists. */
export function isGoogleHost(host: string): boolean {
  return /(^|\.)gcr\.io$|\.pkg\.dev$|(^|\.)google\.com$/.test(host)
}

export function failed<T>(error: unknown): Lookup<T> {
  return { ok: false, error: errorMessage(error) }
}

export function live<T>(value: T): Lookup<T> {
  return { ok: true, value }
}

/** The store for a repository name, or the error that resolving it raised. */
export function resolveStore(ctx: ReadContext, repository: string): StoreRepo | { error: unknown } {
  try {
    return ctx.resolve(repository)
  } catch (error) {
    return { error }
  }
}

/**
 * tag -> digest of a Google extended listing, built once per listing: looking each needed tag up
 * by scanning every digest was quadratic per repository (the top CPU cost of a full k8s.io plan).
 */
export function listedTagDigests(listing: TagListing): Map<string, string> {
  const byTag = new Map<string, string>()
  for (const [digest, info] of listing.digests ?? [])
    for (const t of info.tags) if (!byTag.has(t)) byTag.set(t, digest)
  return byTag
}
