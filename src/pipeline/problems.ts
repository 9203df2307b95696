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
 * A set of value tuples kept as nested maps, so that checking an edge builds no string: a full
 * registry.k8s.io plan has ~720,000 lost edges and ~20,000 distinct problems.
 */
class TupleSet {
  private readonly root = new Map<unknown, unknown>()

  /** Adds the tuple; false when it was there already. */
  add(...parts: unknown[]): boolean {
    let node = this.root
    for (const part of parts.slice(0, -1)) {
      let next = node.get(part) as Map<unknown, unknown> | undefined
      if (!next) node.set(part, (next = new Map()))
      node = next
    }
    if (node.has(parts.at(-1))) return false
    node.set(parts.at(-1), true)
    return true
  }
}

/**
 * lost / conflict / error edges as problems, one per distinct message and manifest line (a lost
 * digest with 20 destinations is one problem); tolerated states become warnings.
 */
export function planProblems(
  edges: readonly PlannedEdge[],
  tolerate: readonly EdgeState[]
): ReportProblem[] {
  const seen = new TupleSet()
  const out: ReportProblem[] = []
  for (const e of edges) {
    const kind = EDGE_KIND[e.state]
    if (!kind) continue
    // Everything subjectOf and the reason depend on (the line fixes the digest).
    const lost = e.state === 'lost'
    const { file, line } = e.position
    const repository = lost ? e.source : e.destination
    const tag = lost ? '' : e.edge.tag
    if (!seen.add(file, line, e.state, repository, tag, e.destinationDigest, e.reason)) continue
    out.push({
      severity: tolerate.includes(e.state) ? 'warning' : 'error',
      kind,
      message: `${subjectOf(e)}: ${e.reason}`,
      position: e.position,
      image: e.edge.image,
      digest: e.edge.digest,
      registry: e.edge.dstRegistry
    })
  }
  return out
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
