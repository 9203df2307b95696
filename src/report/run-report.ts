// The RunReport: the one piece of plain data every phase adds to, and that the job summary, the PR
// comment, annotations, the CLI text and the JSON report are all rendered from.
import type { SourcePosition } from '../errors.js'

export const RUN_REPORT_SCHEMA = 'image-promoter/run-report/v1'

export type RunMode = 'check' | 'dry-run' | 'promote'
export type Outcome = 'success' | 'failure' | 'nothing-to-do'

export type ProblemKind =
  | 'manifest'
  | 'lost'
  | 'conflict'
  | 'registry'
  | 'provenance'
  | 'signature'
  | 'vulnerability'
  | 'copy'
  | 'sign'
  | 'attest'
  | 'config'

export interface ReportProblem {
  severity: 'error' | 'warning'
  kind: ProblemKind
  message: string
  position?: SourcePosition
  image?: string
  digest?: string
  registry?: string
}

/**
 * Edges of one (image, digest) in one state: every tag of `tags` (none: a tagless promotion) to
 * every destination of `destinations`. A row's groups together are exactly its edges, so a
 * conflict on one tag never hides that the other tags were promoted.
 */
export interface ReportEdgeGroup {
  state: string
  tags: string[]
  destinations: string[]
}

/** One (image, digest) of the plan with where it goes and what happened to it. */
export interface ReportPromotion {
  image: string
  digest: string
  tags: string[]
  source: string
  destinations: string[]
  /** done | promote | lost | conflict | error, then copied | exists | failed after the promote phase */
  state: string
  position?: SourcePosition
  /** The row's edges by state (absent in reports written before it existed). */
  groups?: ReportEdgeGroup[]
}

export interface ReportPhase {
  name: string
  ms: number
  status: 'ok' | 'failed' | 'skipped' | 'stopped'
  note?: string
}

export interface ReportCounts {
  edges: number
  planned: number
  promoted: number
  skipped: number
  conflicts: number
  lost: number
  errors: number
  signed: number
  attested: number
}

export interface ReportRequests {
  total: number
  byHost: Record<string, number>
  writes: number
  retries: number
  bytesIn: number
  bytesOut: number
}

export interface RunReport {
  schema: typeof RUN_REPORT_SCHEMA
  startedAt: string
  finishedAt: string
  mode: RunMode
  scope: string
  outcome: Outcome
  /** Why the run ended where it did (e.g. "nothing to promote", "dry run: stopped before promote"). */
  stopReason?: string
  counts: ReportCounts
  phases: ReportPhase[]
  promotions: ReportPromotion[]
  problems: ReportProblem[]
  requests: ReportRequests
  /** Extra markdown sections for the summary (e.g. the vulnerability table), title -> body. */
  sections?: Array<{ title: string; markdown: string }>
  /** Phase data as the phases returned it, for the JSON report. */
  details: Record<string, unknown>
}

export function emptyCounts(): ReportCounts {
  return {
    edges: 0,
    planned: 0,
    promoted: 0,
    skipped: 0,
    conflicts: 0,
    lost: 0,
    errors: 0,
    signed: 0,
    attested: 0
  }
}

export function emptyRequests(): ReportRequests {
  return { total: 0, byHost: {}, writes: 0, retries: 0, bytesIn: 0, bytesOut: 0 }
}

/** Problems sorted for display: errors first, then by file and line. */
export function sortedProblems(problems: readonly ReportProblem[]): ReportProblem[] {
  return [...problems].sort((a, b) => {
    if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1
    const fa = a.position?.file ?? '~'
    const fb = b.position?.file ?? '~'
    if (fa !== fb) return fa < fb ? -1 : 1
    return (a.position?.line ?? 0) - (b.position?.line ?? 0)
  })
}

/**
 * The report of a run that could not start (an input error): no phase ran, one config error. The
 * summary and the outputs are still written from it, so the check says why it failed.
 */
export function startFailureReport(message: string, at: Date): RunReport {
  return {
    schema: RUN_REPORT_SCHEMA,
    startedAt: at.toISOString(),
    finishedAt: at.toISOString(),
    mode: 'check',
    scope: 'none',
    outcome: 'failure',
    stopReason: 'the inputs are invalid: nothing was read or written',
    counts: emptyCounts(),
    phases: [],
    promotions: [],
    problems: [{ severity: 'error', kind: 'config', message }],
    requests: emptyRequests(),
    details: {}
  }
}
