// The state one run threads through its phases. Each phase reads what earlier phases left and
// adds its own result; nothing else is shared.
import type { Edge, ManifestSet, ScopeSelection } from '../manifest/index.js'
import type { InventoryCache, Plan } from '../plan/index.js'
import type { PromoteResult } from '../promote/index.js'
import type { ReportProblem } from '../report/run-report.js'
import type { ResolvedRunOptions } from './resolve-options.js'
import type { RunStores } from './stores.js'
import type { TrustServices } from './trust-services.js'
import type { TrustResults } from './trust-results.js'

export interface RunContext {
  options: ResolvedRunOptions
  stores: RunStores
  /** The signer and trusted root, built once for the whole run. */
  trustServices: TrustServices
  startedAt: Date
  problems: ReportProblem[]
  /** Extra summary sections phases add (title, markdown). */
  sections: Array<{ title: string; markdown: string }>
  manifests?: ManifestSet
  /** Every edge of the manifests (before scope), for shard assignment. */
  allEdges?: Edge[]
  selection?: ScopeSelection
  cache?: InventoryCache
  plan?: Plan
  /**
   * Source digests the read-only trust checks refused (`repository@digest` -> why): their edges
   * are not promoted, and everything else still is.
   */
  blocked: Map<string, string>
  trust: TrustResults
  promote?: PromoteResult
}

export const sourceKey = (repository: string, digest: string): string => `${repository}@${digest}`

export function log(ctx: RunContext, line: string): void {
  ctx.options.log(line)
}
