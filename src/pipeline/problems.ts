// Turns what phases found into report problems, each at its manifest position.
import type { PromoterError } from '../errors.js'
import type { ManifestError } from '../manifest/index.js'
import type { EdgeState, PlannedEdge } from '../plan/index.js'
import type { ProblemKind, ReportProblem } from '../report/run-report.js'

export function manifestProblem(
  error: ManifestError,
  severity: 'error' | 'warning'
): ReportProblem {
  return {
    severity,
    kind: 'manifest',
    message: error.hint ? `${error.message} (${error.hint})` : error.message,
    position: error.position
  }
}

const EDGE_KIND: Partial<Record<EdgeState, ProblemKind>> = {
  lost: 'lost',
  conflict: 'conflict',
  error: 'registry'
}

const short = (digest: string): string => digest.slice(0, 19)

/** Who the problem is about, so a line of the report stands on its own. */
function subjectOf(e: PlannedEdge): string {
  if (e.state === 'lost') return `${e.source}@${short(e.edge.digest)}`
  if (e.state === 'conflict') {
    return `${e.destination}:${e.edge.tag} (points at ${e.destinationDigest ? short(e.destinationDigest) : 'another digest'}, not ${short(e.edge.digest)})`
  }
  return `${e.destination}${e.edge.tag ? `:${e.edge.tag}` : `@${short(e.edge.digest)}`}`
}

/**
 * lost / conflict / error edges as problems, one per distinct message and manifest line (a lost
 * digest with 20 destinations is one problem); tolerated states become warnings.
 */
export function planProblems(
  edges: readonly PlannedEdge[],
  tolerate: readonly EdgeState[]
): ReportProblem[] {
  const out = new Map<string, ReportProblem>()
  for (const e of edges) {
    const kind = EDGE_KIND[e.state]
    if (!kind) continue
    const message = `${subjectOf(e)}: ${e.reason}`
    const key = `${e.position.file}:${e.position.line}:${message}`
    if (out.has(key)) continue
    out.set(key, {
      severity: tolerate.includes(e.state) ? 'warning' : 'error',
      kind,
      message,
      position: e.position,
      image: e.edge.image,
      digest: e.edge.digest,
      registry: e.edge.dstRegistry
    })
  }
  return [...out.values()]
}

export function errorProblem(
  kind: ProblemKind,
  error: PromoterError,
  severity: 'error' | 'warning' = 'error'
): ReportProblem {
  return {
    severity,
    kind,
    message: error.hint ? `${error.message} (${error.hint})` : error.message,
    position: error.position,
    image: error.image,
    registry: error.registry
  }
}
