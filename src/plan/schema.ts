// The Plan as data: what the plan phase decided for every edge, with counts and request
// accounting. Rendering (text, JSON) lives elsewhere; this file only names the shapes.
import type { SourcePosition } from '../errors.js'
import type { Edge } from '../manifest/index.js'

/** Version of the plan data and of its JSON form (`plan --json`); bump on any breaking change. */
export const PLAN_SCHEMA_VERSION = 1

/**
 * What a run will do with an edge (kpromo §2.5, with its bugs fixed):
 * `done` the destination already has it, `promote` it will be copied, `lost` the source digest
 * is missing, `conflict` the destination tag points at another digest (tags never move),
 * `error` a repository could not be read.
 */
export type EdgeState = 'done' | 'promote' | 'lost' | 'conflict' | 'error'

export const EDGE_STATES: readonly EdgeState[] = ['done', 'promote', 'lost', 'conflict', 'error']

/** States that make the run fail unless the user opts out. */
export const FAILURE_STATES: readonly EdgeState[] = ['lost', 'conflict', 'error']

export interface PlannedEdge {
  edge: Edge
  /** Repository names (`joinRepository(registry, image)`), after any registry map. */
  source: string
  destination: string
  state: EdgeState
  /** Why, in the user's words; for `done` edges a short note. */
  reason: string
  /** Where the manifest writes this digest (same as `edge.position`). */
  position: SourcePosition
  /** For a conflict: the digest the destination tag points at now. */
  destinationDigest?: string
  /** True when the state was decided from inventory-cache data rather than a live read. */
  fromCache?: boolean
}

export type PlanCounts = Record<EdgeState, number> & { total: number }

/** Store calls the plan made (logical requests; auth and pagination are the client's). */
export interface PlanRequests {
  sourceHeads: number
  destinationHeads: number
  tagLists: number
  total: number
  /** HTTP requests measured by the caller's counter (`PlanOptions.requestCounter`), if given. */
  http?: number
}

export interface Plan {
  version: typeof PLAN_SCHEMA_VERSION
  edges: PlannedEdge[]
  counts: PlanCounts
  requests: PlanRequests
  /** Wall time of the plan phase, milliseconds. */
  durationMs: number
}

export function countStates(edges: readonly PlannedEdge[]): PlanCounts {
  const counts: PlanCounts = {
    total: edges.length,
    done: 0,
    promote: 0,
    lost: 0,
    conflict: 0,
    error: 0
  }
  for (const e of edges) counts[e.state]++
  return counts
}

/** The plan of no edges (an empty diff scope): "nothing to promote". */
export function emptyPlan(): Plan {
  return {
    version: PLAN_SCHEMA_VERSION,
    edges: [],
    counts: countStates([]),
    requests: { sourceHeads: 0, destinationHeads: 0, tagLists: 0, total: 0 },
    durationMs: 0
  }
}
