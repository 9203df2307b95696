// Data for downstream workflow steps: what was promoted, and the plan. Step outputs are limited
// (1 MiB each, 50 MiB per run), so a large plan is summarised with the path of its full report.
import { planToJson, type Plan } from '../plan/index.js'
import { EdgeGroupBuilder } from './edge-groups.js'
import type { RunReport } from './run-report.js'

export interface PromotedEntry {
  image: string
  digest: string
  /** Tags written (empty: an untagged promotion). */
  tags: string[]
  /** Destination registries that got exactly these tags. */
  destinations: string[]
}

const PROMOTED_STATES = new Set(['copied', 'exists'])

/**
 * Every promoted (image, digest), one entry per set of destinations that got the same tags, so
 * each entry's tags x destinations are exactly the edges this run made true.
 */
export function promotedList(report: RunReport): PromotedEntry[] {
  const out: PromotedEntry[] = []
  for (const p of report.promotions) {
    const builder = new EdgeGroupBuilder()
    for (const g of p.groups ?? []) {
      if (!PROMOTED_STATES.has(g.state)) continue
      for (const d of g.destinations)
        for (const t of g.tags.length ? g.tags : ['']) builder.add('promoted', d, t)
    }
    for (const g of builder.groups())
      out.push({ image: p.image, digest: p.digest, tags: g.tags, destinations: g.destinations })
  }
  return out
}

/** Plans whose JSON is larger than this are given as counts and the report path. */
export const PLAN_OUTPUT_BYTES = 256 * 1024
/** Edges beyond which the plan JSON is not even built for the output (~200 bytes each). */
const PLAN_OUTPUT_EDGES = 2000

/**
 * The plan as one line of JSON (the plan report's schema) when it is small; else
 * `{schemaVersion, counts, truncated: true, planReport}`. Empty when the run stopped before planning.
 */
export function planOutput(plan: Plan | undefined, planReportPath: string | undefined): string {
  if (!plan) return ''
  if (plan.edges.length <= PLAN_OUTPUT_EDGES) {
    const text = JSON.stringify(planToJson(plan))
    if (Buffer.byteLength(text) <= PLAN_OUTPUT_BYTES) return text
  }
  return JSON.stringify({
    schemaVersion: plan.version,
    counts: plan.counts,
    truncated: true,
    planReport: planReportPath ?? null
  })
}
