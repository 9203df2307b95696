// Public surface of the plan phase.
export {
  InventoryCache,
  CachedRepository,
  CACHE_FORMAT_VERSION,
  DEFAULT_CACHE_MAX_AGE_MS
} from './cache.js'
export type { InventoryCacheOptions } from './cache.js'
export type { CacheFileV2 } from './cache-file.js'
export { classifyEdge } from './classify.js'
export type { Classification, EdgeFacts, Lookup } from './classify.js'
export { DEFAULT_HOST_CONCURRENCY } from './host-pool.js'
export { DEFAULT_LIST_THRESHOLD, isGoogleHost } from './inventory.js'
export { computePlan } from './plan.js'
export type { PlanInputs, PlanOptions } from './plan.js'
export { PLAN_JSON_SCHEMA, planJsonChunks, planToJson } from './plan-json.js'
export type { PlanEdgeJson, PlanJson } from './plan-json.js'
export {
  applyRegistryMap,
  mapRegistry,
  parseRegistryMap,
  RegistryMapError
} from './registry-map.js'
export type { RegistryMapping } from './registry-map.js'
export {
  countStates,
  emptyPlan,
  EDGE_STATES,
  FAILURE_STATES,
  PLAN_SCHEMA_VERSION
} from './schema.js'
export type { EdgeState, Plan, PlanCounts, PlannedEdge, PlanRequests } from './schema.js'
export { edgesToSnapshot, imageUnderPrefix } from './snapshot/from-edges.js'
export { snapshotRegistry } from './snapshot/from-store.js'
export type { RegistrySnapshot, RegistrySnapshotOptions } from './snapshot/from-store.js'
export { addToInventory, dropIndexChildren, filterByTag } from './snapshot/inventory.js'
export type { SnapshotInventory } from './snapshot/inventory.js'
export { parseSnapshotFormat, renderSnapshot, SnapshotError } from './snapshot/render.js'
export type { SnapshotFormat } from './snapshot/render.js'
export { readIndexChildren } from './snapshot/index-children.js'
