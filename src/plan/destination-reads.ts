// Phase 2 of the inventory read: for destination repositories whose edges have a source, which
// digest each needed tag points at and whether each needed (tagless) digest exists. Per repository
// the cheaper way is chosen: one HEAD per reference (few) or one tag list plus HEADs for the
// listed tags only (many). A repository that does not exist is empty.
import type { Store, TagListing } from '../oci/store.js'
import type { Lookup } from './classify.js'
import { KeyedSemaphore, mapBounded } from '../concurrency/index.js'
import { HEADS_PER_REPOSITORY, REPOSITORIES_PER_HOST } from './host-pool.js'
import {
  failed,
  isGoogleHost,
  listedTagDigests,
  live,
  resolveStore,
  FactTable,
  type ReadContext
} from './inventory.js'

export interface DestinationNeeds {
  tags: Set<string>
  digests: Set<string>
}

export interface DestinationFacts {
  tags: FactTable<string | null>
  digests: FactTable<boolean>
}

interface RepositoryRead {
  ctx: ReadContext
  repository: string
  store: Store
  repo: string
  out: DestinationFacts
  /** One fact per digest, shared by every tag that points at it (see `tagFact`). */
  tagFacts: Map<string, Lookup<string | null>>
}

const ABSENT: Lookup<string | null> = live(null)

/**
 * The fact "this tag points at `digest`", one object per digest for the whole read: a plan
 * without Google's listing reads ~720,000 tags over ~20,000 digests, and each HEAD answers with a
 * string of its own: shared, the fact tables and the cache hold one string and one fact per
 * digest instead of one per tag (bench plan-fleet --no-google-ext).
 */
function tagFact(r: RepositoryRead, digest: string | null): Lookup<string | null> {
  if (digest === null) return ABSENT
  let fact = r.tagFacts.get(digest)
  if (!fact) r.tagFacts.set(digest, (fact = live(digest)))
  return fact
}

async function headTag(r: RepositoryRead, tag: string): Promise<void> {
  try {
    r.ctx.counter.destinationHeads++
    const found = await r.ctx.pool.run(r.store.host, () => r.store.manifestHead(r.repo, tag))
    setTag(r, tag, found?.digest ?? null)
  } catch (error) {
    r.out.tags.set(r.repository, tag, failed(error))
  }
}

async function headDigest(r: RepositoryRead, digest: string): Promise<void> {
  try {
    r.ctx.counter.destinationHeads++
    const found = await r.ctx.pool.run(r.store.host, () => r.store.manifestHead(r.repo, digest))
    r.out.digests.set(r.repository, digest, live(found !== undefined))
    r.ctx.cache?.recordDigest(r.repository, digest, found !== undefined)
  } catch (error) {
    r.out.digests.set(r.repository, digest, failed(error))
  }
}

function setTag(r: RepositoryRead, tag: string, digest: string | null): void {
  const fact = tagFact(r, digest)
  r.out.tags.set(r.repository, tag, fact)
  r.ctx.cache?.recordTag(r.repository, tag, fact.ok ? fact.value : digest)
}

/** Listing pays off only when some needed tag is likely absent; cache hints say which exist. */
function shouldList(r: RepositoryRead, needs: DestinationNeeds): boolean {
  const needed = needs.tags.size + needs.digests.size
  // One extended Google listing answers everything: cheaper than two or more HEADs.
  if (isGoogleHost(r.store.host)) return needed > 1
  if (needed <= r.ctx.listThreshold) return false
  const known = r.ctx.cache?.knownTags(r.repository)
  return !known || [...needs.tags].some((t) => !known.has(t))
}

/** Answer what a listing can; returns the tags and digests still needing a HEAD. */
function answerFromListing(
  r: RepositoryRead,
  listing: TagListing,
  needs: DestinationNeeds
): DestinationNeeds {
  const rest: DestinationNeeds = { tags: new Set(), digests: new Set() }
  const listed = new Set(listing.tags)
  const byTag = listing.digests ? listedTagDigests(listing) : undefined
  for (const tag of needs.tags) {
    if (!listing.exists || byTag) setTag(r, tag, byTag?.get(tag) ?? null)
    else if (!listed.has(tag)) setTag(r, tag, null)
    else rest.tags.add(tag)
  }
  for (const digest of needs.digests) {
    if (!listing.exists || listing.digests) {
      r.out.digests.set(r.repository, digest, live(listing.digests?.has(digest) ?? false))
    } else rest.digests.add(digest)
  }
  return rest
}

async function readDestinationRepository(
  ctx: ReadContext,
  repository: string,
  needs: DestinationNeeds,
  out: DestinationFacts,
  tagFacts: Map<string, Lookup<string | null>>
): Promise<void> {
  const target = resolveStore(ctx, repository)
  if ('error' in target) {
    for (const t of needs.tags) out.tags.set(repository, t, failed(target.error))
    for (const d of needs.digests) out.digests.set(repository, d, failed(target.error))
    return
  }
  const r: RepositoryRead = { ctx, repository, ...target, out, tagFacts }
  let rest = needs
  if (shouldList(r, needs)) {
    try {
      ctx.counter.tagLists++
      const listing = await ctx.pool.run(r.store.host, () => r.store.tagList(r.repo))
      rest = answerFromListing(r, listing, needs)
    } catch (error) {
      for (const t of needs.tags) out.tags.set(repository, t, failed(error))
      for (const d of needs.digests) out.digests.set(repository, d, failed(error))
      return
    }
  }
  // A few HEADs of the repository at once, not all of them queued: the host pool runs only
  // DEFAULT_HOST_CONCURRENCY anyway, and a queued HEAD holds its promises until it runs.
  await Promise.all([
    mapBounded(rest.tags, HEADS_PER_REPOSITORY, (t) => headTag(r, t)),
    mapBounded(rest.digests, HEADS_PER_REPOSITORY, (d) => headDigest(r, d))
  ])
}

/**
 * Reads destination repositories as they are handed in (`read`), at most REPOSITORIES_PER_HOST
 * per host at once, in the order given; every fact lands in `out`. Failures stay with their own
 * repository (`read` never rejects).
 */
export function destinationReader(ctx: ReadContext): {
  out: DestinationFacts
  read: (repository: string, needs: DestinationNeeds) => Promise<void>
} {
  const out: DestinationFacts = { tags: new FactTable(), digests: new FactTable() }
  const tagFacts = new Map<string, Lookup<string | null>>()
  const repositories = new KeyedSemaphore(REPOSITORIES_PER_HOST)
  const read = (repository: string, needs: DestinationNeeds): Promise<void> => {
    const target = resolveStore(ctx, repository)
    const host = 'error' in target ? '' : target.store.host
    return repositories.run(host, () =>
      readDestinationRepository(ctx, repository, needs, out, tagFacts)
    )
  }
  return { out, read }
}
