// Builds the RunReport from what the phases left in the context: counts, one row per (source
// image, digest), problems, phase timings and registry requests.
import type { PlannedEdge } from '../plan/index.js'
import type { CopyResult } from '../promote/index.js'
import {
  emptyCounts,
  RUN_REPORT_SCHEMA,
  type ReportPhase,
  type ReportPromotion,
  type ReportRequests,
  type RunMode,
  type RunReport
} from '../report/run-report.js'
import type { RequestStats } from '../oci/registry/index.js'
import { EdgeGroupBuilder } from '../report/edge-groups.js'
import { STATE_ORDER } from '../report/markdown-promotions.js'
import { sourceKey, type RunContext } from './context.js'
import type { PipelineResult } from './runner.js'

const WRITE_METHODS = /^(PUT|POST|PATCH|DELETE) /

/** The state an edge ended in: its copy result when it was copied, else its plan state. */
function edgeState(e: PlannedEdge, ctx: RunContext, results: Map<string, CopyResult>): string {
  if (e.state !== 'promote') return e.state
  if (ctx.blocked.has(sourceKey(e.source, e.edge.digest))) return 'blocked'
  return results.get(`${e.destination}@${e.edge.digest}`)?.state ?? 'promote'
}

/** A report row being built, with sets for its membership tests (rows can have 66 destinations). */
interface RowBuilder {
  row: ReportPromotion
  tags: Set<string>
  destinations: Set<string>
  groups: EdgeGroupBuilder
}

/** The row of an edge's (source repository, digest), made on its first edge. */
function rowOf(bySource: Map<string, Map<string, RowBuilder>>, e: PlannedEdge): RowBuilder {
  let byDigest = bySource.get(e.source)
  if (!byDigest) bySource.set(e.source, (byDigest = new Map()))
  let b = byDigest.get(e.edge.digest)
  if (!b) {
    const row: ReportPromotion = {
      image: e.edge.image,
      digest: e.edge.digest,
      tags: [],
      source: e.edge.srcRegistry,
      destinations: [],
      state: 'done',
      position: e.position
    }
    b = { row, tags: new Set(), destinations: new Set(), groups: new EdgeGroupBuilder() }
    byDigest.set(e.edge.digest, b)
  }
  return b
}

function promotions(ctx: RunContext, results: Map<string, CopyResult>): ReportPromotion[] {
  // source repository -> digest -> row: no key string per edge (a k8s.io plan has ~720,000).
  const bySource = new Map<string, Map<string, RowBuilder>>()
  const rows = new Set<RowBuilder>()
  let last: PlannedEdge | undefined
  let b: RowBuilder | undefined
  for (const e of ctx.plan?.edges ?? []) {
    // A row's edges mostly come one after another (destinations x tags of one digest).
    if (!b || e.source !== last!.source || e.edge.digest !== last!.edge.digest) {
      b = rowOf(bySource, e)
      rows.add(b)
    }
    last = e
    const { row } = b
    if (e.edge.tag && !b.tags.has(e.edge.tag)) {
      b.tags.add(e.edge.tag)
      row.tags.push(e.edge.tag)
    }
    if (!b.destinations.has(e.edge.dstRegistry)) {
      b.destinations.add(e.edge.dstRegistry)
      row.destinations.push(e.edge.dstRegistry)
    }
    const state = edgeState(e, ctx, results)
    if (state !== row.state && STATE_ORDER.indexOf(state) < STATE_ORDER.indexOf(row.state))
      row.state = state
    b.groups.add(state, e.edge.dstRegistry, e.edge.tag)
  }
  return [...rows].map((r) => {
    r.row.groups = r.groups.groups()
    return r.row
  })
}

export function requestsOf(stats: RequestStats): ReportRequests {
  let writes = 0
  const byHost: Record<string, number> = {}
  for (const [host, entry] of Object.entries(stats.byHost)) {
    byHost[host] = entry.requests
    for (const [key, n] of Object.entries(entry.byMethodStatus))
      if (WRITE_METHODS.test(key)) writes += n
  }
  return {
    total: stats.requests,
    byHost,
    writes,
    retries: stats.retries,
    bytesIn: stats.bytesIn,
    bytesOut: stats.bytesOut
  }
}

function modeOf(ctx: RunContext): RunMode {
  if (ctx.options.readOnly) return 'check'
  return ctx.options.confirm ? 'promote' : 'dry-run'
}

function scopeText(ctx: RunContext): string {
  const s = ctx.selection
  if (!s || s.kind === 'all')
    return ctx.options.scope.kind === 'since' ? `since ${ctx.options.scope.since}` : 'all'
  return `changed ${s.base.slice(0, 12)}..${s.head.slice(0, 12)} (${s.digests.size} digests)`
}

export function buildReport(ctx: RunContext, result: PipelineResult): RunReport {
  const results = new Map((ctx.promote?.results ?? []).map((r) => [r.id, r]))
  const rows = promotions(ctx, results)
  const counts = emptyCounts()
  for (const e of ctx.plan?.edges ?? []) {
    counts.edges++
    const state = edgeState(e, ctx, results)
    if (e.state === 'promote') counts.planned++
    if (state === 'copied' || state === 'exists') counts.promoted++
    else if (state === 'done') counts.skipped++
    else if (state === 'conflict') counts.conflicts++
    else if (state === 'lost') counts.lost++
    else if (state !== 'promote') counts.errors++
  }
  counts.signed = ctx.trust.signed?.filter((v) => v.status === 'signed').length ?? 0
  counts.attested = ctx.trust.attested?.filter((v) => v.status === 'attested').length ?? 0
  const phases: ReportPhase[] = result.phases.map((p) => ({
    name: p.name,
    ms: Math.round(p.durationMs),
    status: p.status === 'completed' ? 'ok' : p.status,
    note: p.reason
  }))
  if (result.outcome.kind === 'failed') {
    ctx.problems.push({
      severity: 'error',
      kind: 'config',
      message: `phase ${result.outcome.phase} failed: ${result.phases.find((p) => p.status === 'failed')?.reason ?? 'unknown error'}`
    })
  }
  const failed = ctx.problems.some((p) => p.severity === 'error')
  const stopReason = result.outcome.kind === 'stopped' ? result.outcome.reason : undefined
  return {
    schema: RUN_REPORT_SCHEMA,
    startedAt: ctx.startedAt.toISOString(),
    finishedAt: ctx.options.now().toISOString(),
    mode: modeOf(ctx),
    scope: scopeText(ctx),
    outcome: failed
      ? 'failure'
      : stopReason?.startsWith('nothing to promote')
        ? 'nothing-to-do'
        : 'success',
    stopReason,
    counts,
    phases,
    promotions: rows,
    problems: ctx.problems,
    removedDestinations:
      ctx.selection?.kind === 'changed' && ctx.selection.removed.length > 0
        ? ctx.selection.removed
        : undefined,
    sections: ctx.sections,
    requests: requestsOf(ctx.stores.stats()),
    details: {
      plan: ctx.plan
        ? { counts: ctx.plan.counts, requests: ctx.plan.requests, durationMs: ctx.plan.durationMs }
        : undefined,
      promote: ctx.promote
        ? { totals: ctx.promote.totals, durationMs: ctx.promote.durationMs }
        : undefined,
      trust: ctx.trust
    }
  }
}
