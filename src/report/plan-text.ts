// A Plan as concise human text: one summary line, then one line per edge that is not done
// (failures first, each with its manifest position), then what will be promoted.
import type { Plan, PlannedEdge, EdgeState } from '../plan/index.js'

export interface PlanTextOptions {
  /** Most edge lines printed per state; the rest are counted. Default 50. */
  maxLinesPerState?: number
}

const ORDER: EdgeState[] = ['conflict', 'error', 'lost', 'promote']

function target(e: PlannedEdge): string {
  return e.edge.tag === '' ? `${e.destination}@${e.edge.digest}` : `${e.destination}:${e.edge.tag}`
}

function edgeLine(e: PlannedEdge): string {
  const where = `${e.position.file}:${e.position.line}:${e.position.column}`
  if (e.state === 'promote') return `  promote  ${target(e)} <- ${e.source}@${e.edge.digest}`
  const now = e.destinationDigest
    ? ` (it is on ${e.destinationDigest}, the manifest says ${e.edge.digest})`
    : ''
  return `  ${e.state.padEnd(8)} ${target(e)} (${where}): ${e.reason}${now}`
}

export function summaryLine(plan: Plan): string {
  const c = plan.counts
  if (c.total === 0) return 'nothing to promote'
  const parts = [`${c.total} edges`, `${c.done} done`, `${c.promote} to promote`]
  for (const s of ['lost', 'conflict', 'error'] as const) if (c[s] > 0) parts.push(`${c[s]} ${s}`)
  const r = plan.requests
  const http = r.http === undefined ? '' : `, ${r.http} HTTP`
  return `plan: ${parts.join(', ')} (${r.total} registry reads${http}, ${plan.durationMs} ms)`
}

/** Render a plan as text lines ending with a newline. */
export function renderPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const max = options.maxLinesPerState ?? 50
  const lines = [summaryLine(plan)]
  for (const state of ORDER) {
    const edges = plan.edges.filter((e) => e.state === state)
    lines.push(...edges.slice(0, max).map(edgeLine))
    if (edges.length > max) lines.push(`  ... and ${edges.length - max} more ${state}`)
  }
  return `${lines.join('\n')}\n`
}
