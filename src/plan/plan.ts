// The plan phase: edges in, a Plan out. Reads sources, and destinations only for edges whose
// source exists (each once its sources are read), then classifies every edge. Independent of how stores are built: the
// caller passes a resolver from repository names to stores.
import type { StoreResolver } from '../oci/open.js'
import { performance } from 'node:perf_hooks'
import { KeyedSemaphore } from '../concurrency/index.js'
import type { Edge } from '../manifest/index.js'
import type { InventoryCache } from './cache.js'
import { classifyEdge } from './classify.js'
import {
  destinationReader,
  type DestinationFacts,
  type DestinationNeeds
} from './destination-reads.js'
import { DEFAULT_HOST_CONCURRENCY } from './host-pool.js'
import { DEFAULT_LIST_THRESHOLD, FactTable, type ReadContext } from './inventory.js'
import { prepareEdges, settledFacts, type PlanWork } from './plan-edges.js'
import { countStates, PLAN_SCHEMA_VERSION, type Plan, type PlanRequests } from './schema.js'
import type { RegistryMapping } from './registry-map.js'
import { readSources } from './source-reads.js'

export interface PlanOptions {
  /** References per repository above which tags are listed once instead of HEADed. Default 3. */
  listThreshold?: number
  /** In-flight plan reads per registry host. Default 20. */
  hostConcurrency?: number
  /**
   * Reads the caller's HTTP request total (e.g. the registry client's stats); the plan reports
   * the difference over its run as `requests.http`. Default: not measured.
   */
  requestCounter?: () => number
  /**
   * Also read destinations of edges whose source is lost, so that an edge already promoted is
   * `done` (kpromo rule 1 before rule 3) instead of `lost`. Default false: lost edges cost no
   * destination request.
   */
  checkLostDestinations?: boolean
  /**
   * Registry rewrites applied to repository names (`--registry-map`); the plan's edges keep the
   * manifest's names, `source`/`destination` show the rewritten ones. Default none.
   */
  registryMap?: readonly RegistryMapping[]
}

export interface PlanInputs {
  edges: readonly Edge[]
  resolve: StoreResolver
  /** Inventory cache; young entries may mark edges `done` without a read. Saved at the end. */
  cache?: InventoryCache
  options?: PlanOptions
}

function group<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key)
  if (!v) map.set(key, (v = make()))
  return v
}

type SourceFacts = FactTable<boolean>

/**
 * Both read phases, overlapped per repository: every unique (source repository, digest) of the
 * edges the cache did not settle; and each destination repository as soon as every source
 * repository feeding it is read, for its edges whose source exists (or all read sources, with
 * checkLost). Reading every source first left the destination hosts idle meanwhile: without
 * Google's listing, 20,000 source HEADs on one host (~4 min) before any of 700,000 destination
 * HEADs on 22 others (bench plan-fleet --no-google-ext). The reads are the same either way.
 */
async function readPhases(
  ctx: ReadContext,
  work: PlanWork,
  sources: SourceFacts,
  wanted: (i: number) => boolean
): Promise<DestinationFacts> {
  const sourceNeeds = new Map<string, Set<string>>()
  /** Destination repository -> its unsettled edges, and how many of its sources are unread. */
  const destinations = new Map<string, { edges: number[]; unread: number }>()
  /** Source repository -> the destination repositories it feeds. */
  const feeds = new Map<string, Set<string>>()
  work.edges.forEach((p, i) => {
    if (work.settled[i]) return
    group(sourceNeeds, p.source, () => new Set<string>()).add(p.edge.digest)
    const d = group(destinations, p.destination, () => ({ edges: [], unread: 0 }))
    d.edges.push(i)
    const fed = group(feeds, p.source, () => new Set<string>())
    if (!fed.has(p.destination)) {
      fed.add(p.destination)
      d.unread++
    }
  })
  const reader = destinationReader(ctx)
  const reads: Promise<void>[] = []
  const sourceRead = (source: string) => {
    for (const repository of feeds.get(source) ?? []) {
      const d = destinations.get(repository)!
      if (--d.unread > 0) continue
      destinations.delete(repository)
      const needs: DestinationNeeds = { tags: new Set<string>(), digests: new Set<string>() }
      for (const i of d.edges) {
        if (!wanted(i)) continue
        const { edge } = work.edges[i]!
        if (edge.tag === '') needs.digests.add(edge.digest)
        else needs.tags.add(edge.tag)
      }
      if (needs.tags.size + needs.digests.size > 0) reads.push(reader.read(repository, needs))
    }
  }
  await readSources(ctx, sourceNeeds, { out: sources, onRead: sourceRead })
  await Promise.all(reads)
  return reader.out
}

/** Fill in each edge's state from the facts read (in place: no second object per edge). */
function classifyAll(
  work: PlanWork,
  sources: SourceFacts,
  destinations: DestinationFacts,
  wanted: (i: number) => boolean
): void {
  work.edges.forEach((p, i) => {
    const { edge } = p
    let facts = settledFacts(edge, work.settled[i]!)
    if (!facts) {
      // Destinations were read only for wanted edges (source present, or checkLost).
      facts = { source: sources.get(p.source, edge.digest) }
      if (wanted(i) && edge.tag === '')
        facts.destinationDigest = destinations.digests.get(p.destination, edge.digest)
      else if (wanted(i)) facts.destinationTag = destinations.tags.get(p.destination, edge.tag)
    }
    const c = classifyEdge(edge, facts)
    p.state = c.state
    p.reason = c.reason
    p.destinationDigest = c.destinationDigest
    p.fromCache = c.fromCache
  })
}

function requestsOf(ctx: ReadContext, http: number | undefined): PlanRequests {
  const { sourceHeads, destinationHeads, tagLists } = ctx.counter
  const total = sourceHeads + destinationHeads + tagLists
  return { sourceHeads, destinationHeads, tagLists, total, ...(http === undefined ? {} : { http }) }
}

/** Compute the plan of these edges. Never writes to a store; writes only the cache files. */
export async function computePlan(input: PlanInputs): Promise<Plan> {
  const started = performance.now()
  const options = input.options ?? {}
  const httpBefore = options.requestCounter?.()
  const ctx: ReadContext = {
    resolve: input.resolve,
    pool: new KeyedSemaphore(options.hostConcurrency ?? DEFAULT_HOST_CONCURRENCY),
    counter: { sourceHeads: 0, destinationHeads: 0, tagLists: 0 },
    cache: input.cache,
    listThreshold: options.listThreshold ?? DEFAULT_LIST_THRESHOLD
  }
  const work = await prepareEdges(input.edges, input.cache, options.registryMap)
  const sources: SourceFacts = new FactTable()
  const checkLost = options.checkLostDestinations ?? false
  // Decided once per edge, when its sources are read (asked three times: grouping, classifying,
  // and which fact to take): 0 not yet, 1 wanted, 2 not.
  const wantedEdges = new Uint8Array(work.edges.length)
  const wanted = (i: number) => {
    if (wantedEdges[i] === 0) {
      const p = work.edges[i]!
      const source = work.settled[i] ? undefined : sources.get(p.source, p.edge.digest)
      wantedEdges[i] = source?.ok === true && (source.value || checkLost) ? 1 : 2
    }
    return wantedEdges[i] === 1
  }
  const destinations = await readPhases(ctx, work, sources, wanted)
  await input.cache?.save()
  classifyAll(work, sources, destinations, wanted)
  const { edges } = work
  const httpAfter = options.requestCounter?.()
  return {
    version: PLAN_SCHEMA_VERSION,
    edges,
    counts: countStates(edges),
    requests: requestsOf(
      ctx,
      httpBefore === undefined || httpAfter === undefined ? undefined : httpAfter - httpBefore
    ),
    durationMs: Math.round(performance.now() - started)
  }
}
