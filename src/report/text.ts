// RunReport -> concise text for a terminal or a CI log.
import { formatBytes } from './markdown.js'
import { problemCounts } from './markdown-problems.js'
import { sortedProblems, type RunReport } from './run-report.js'

export function renderText(report: RunReport): string {
  const c = report.counts
  // The problem counts, not the edge counts, say why a run failed (a failed provenance check
  // has no failed edge): "errors: 0" never heads a failed run.
  const { errors, warnings } = problemCounts(report.problems)
  const problems = errors || warnings ? `: ${errors} errors, ${warnings} warnings` : ''
  const lines = [
    `image-promoter ${report.mode}: ${report.outcome}${problems}${report.stopReason ? ` (${report.stopReason})` : ''}`,
    `  scope: ${report.scope}`,
    `  edges: ${c.edges}; to promote: ${c.planned}; promoted: ${c.promoted}; already done: ${c.skipped}; conflicts: ${c.conflicts}; lost: ${c.lost}; unreadable or failed: ${c.errors}`
  ]
  if (c.signed || c.attested) lines.push(`  signed: ${c.signed}; attested: ${c.attested}`)
  lines.push(
    `  phases: ${report.phases.map((p) => `${p.name} ${p.status} ${(p.ms / 1000).toFixed(2)}s`).join(', ')}`
  )
  const r = report.requests
  lines.push(
    `  registry requests: ${r.total} (${r.writes} writes, ${r.retries} retries), ${formatBytes(r.bytesIn)} in, ${formatBytes(r.bytesOut)} out`
  )
  for (const p of sortedProblems(report.problems)) {
    const where = p.position ? `${p.position.file}:${p.position.line}:${p.position.column}: ` : ''
    lines.push(`${p.severity}: ${where}${p.message}`)
  }
  return `${lines.join('\n')}\n`
}
