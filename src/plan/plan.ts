// The plan phase: edges in, a Plan out. Reads sources first, then destinations only for edges
// whose source exists, then classifies every edge. Independent of how stores are built: the
// caller passes a resolver from repository names to stores.
import { performance } from 'node:perf_hooks'
import type { Edge } from '../manifest/model.js'
import type { InventoryCache } from './cache.js'
import { classifyEdge } from './classify.js'
import { readDestinations, type DestinationNeeds } from './destination-reads.js'
import { createHostPool, DEFAULT_HOST_CONCURRENCY } from './host-pool.js'
import { DEFAULT_LIST_THRESHOLD, type ReadContext, type StoreResolverFn } from './inventory.js'
import { applyDestinationFacts, prepareEdges, type EdgeWork } from './plan-edges.js'
import {
  countStates,
  PLAN_SCHEMA_VERSION,
  type Plan,
  type PlannedEdge,
  type PlanRequests
} from './schema.js'
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
  resolve: StoreResolverFn
  /** Inventory cache; young entries may mark edges `done` without a read. Saved at the end. */
  cache?: InventoryCache
  options?: PlanOptions
}

function group<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key)
  if (!v) map.set(key, (v = make()))
  return v
}

/** Phase 1: every unique (source repository, digest) of edges the cache did not settle. */
async function readSourcePhase(ctx: ReadContext, work: readonly EdgeWork[]): Promise<void> {
  const needs = new Map<string, Set<string>>()
  for (const w of work)
    if (!w.settled) group(needs, w.srcRepo, () => new Set<string>()).add(w.edge.digest)
  const sources = await readSources(ctx, needs)
  for (const w of work) if (!w.settled) w.source = sources.get(w.srcRepo, w.edge.digest)
}

/** Phase 2: destinations of edges whose source exists (or all read sources, with checkLost). */
async function readDestinationPhase(
  ctx: ReadContext,
  work: readonly EdgeWork[],
  checkLost: boolean
): Promise<void> {
  const needs = new Map<string, DestinationNeeds>()
  const wanted = (w: EdgeWork) =>
    !w.settled && w.source?.ok === true && (w.source.value || checkLost)
  for (const w of work) {
    if (!wanted(w)) continue
    const n = group(needs, w.dstRepo, () => ({
      tags: new Set<string>(),
      digests: new Set<string>()
    }))
    if (w.edge.tag === '') n.digests.add(w.edge.digest)
    else n.tags.add(w.edge.tag)
  }
  const facts = await readDestinations(ctx, needs)
  for (const w of work) if (wanted(w)) applyDestinationFacts(w, facts)
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
    pool: createHostPool(options.hostConcurrency ?? DEFAULT_HOST_CONCURRENCY),
    counter: { sourceHeads: 0, destinationHeads: 0, tagLists: 0 },
    cache: input.cache,
    listThreshold: options.listThreshold ?? DEFAULT_LIST_THRESHOLD
  }
  const work = await prepareEdges(input.edges, input.cache, options.registryMap)
  await readSourcePhase(ctx, work)
  await readDestinationPhase(ctx, work, options.checkLostDestinations ?? false)
  await input.cache?.save()
  const edges: PlannedEdge[] = work.map((w) => ({
    edge: w.edge,
    source: w.srcRepo,
    destination: w.dstRepo,
    position: w.edge.position,
    ...classifyEdge(w.edge, w)
  }))
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
