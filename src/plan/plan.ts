// The plan phase: edges in, a Plan out. Reads sources first, then destinations only for edges
// whose source exists, then classifies every edge. Independent of how stores are built: the
// caller passes a resolver from repository names to stores.
import type { StoreResolver } from '../oci/open.js'
import { performance } from 'node:perf_hooks'
import { KeyedSemaphore } from '../concurrency/index.js'
import type { Edge } from '../manifest/index.js'
import type { InventoryCache } from './cache.js'
import { classifyEdge } from './classify.js'
import {
  readDestinations,
  type DestinationFacts,
  type DestinationNeeds
} from './destination-reads.js'
import { DEFAULT_HOST_CONCURRENCY } from './host-pool.js'
import { DEFAULT_LIST_THRESHOLD, type FactTable, type ReadContext } from './inventory.js'
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

/** Phase 1: every unique (source repository, digest) of edges the cache did not settle. */
async function readSourcePhase(ctx: ReadContext, work: PlanWork): Promise<SourceFacts> {
  const needs = new Map<string, Set<string>>()
  work.edges.forEach((p, i) => {
    if (!work.settled[i]) group(needs, p.source, () => new Set<string>()).add(p.edge.digest)
  })
  return readSources(ctx, needs)
}

/** Phase 2: destinations of edges whose source exists (or all read sources, with checkLost). */
async function readDestinationPhase(
  ctx: ReadContext,
  work: PlanWork,
  wanted: (i: number) => boolean
): Promise<DestinationFacts> {
  const needs = new Map<string, DestinationNeeds>()
  work.edges.forEach((p, i) => {
    if (!wanted(i)) return
    const n = group(needs, p.destination, () => ({
      tags: new Set<string>(),
      digests: new Set<string>()
    }))
    if (p.edge.tag === '') n.digests.add(p.edge.digest)
    else n.tags.add(p.edge.tag)
  })
  return readDestinations(ctx, needs)
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
  const sources = await readSourcePhase(ctx, work)
  const checkLost = options.checkLostDestinations ?? false
  // Decided once per edge (asked three times: grouping, classifying, and which fact to take).
  const wantedEdges = new Uint8Array(work.edges.length)
  work.edges.forEach((p, i) => {
    if (work.settled[i]) return
    const source = sources.get(p.source, p.edge.digest)
    if (source?.ok === true && (source.value || checkLost)) wantedEdges[i] = 1
  })
  const wanted = (i: number) => wantedEdges[i] === 1
  const destinations = await readDestinationPhase(ctx, work, wanted)
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
