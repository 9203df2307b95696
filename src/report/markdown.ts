// RunReport -> markdown for the job summary and the PR comment: a verdict line and what will
// happen first, then the promotions, then the problems (errors first), then per-phase details;
// within a byte budget (GitHub drops a summary over 1 MiB, and a comment over 65,536 characters).
import { escapeMarkdown } from './escape.js'
import type { ReportLinks } from './links.js'
import { problemCounts, renderProblems } from './markdown-problems.js'
import { edgesOf, groupsOfRow, MOVING_STATES, renderPromotions } from './markdown-promotions.js'
import type { RunReport } from './run-report.js'

export { escapeMarkdown } from './escape.js'
export type { ReportLinks } from './links.js'

export const SUMMARY_BUDGET_BYTES = 900 * 1024

export interface MarkdownOptions {
  /** Where the full JSON report is; named wherever a list is cut. */
  jsonReportPath?: string
  /** Most bytes of markdown (default SUMMARY_BUDGET_BYTES). */
  budget?: number
  /** Repository coordinates for links to manifest lines (from the adapter). */
  links?: ReportLinks
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

const MODE_NAME = { check: 'check', 'dry-run': 'dry run', promote: 'promotion' } as const

function verdict(report: RunReport): string {
  const { errors, warnings } = problemCounts(report.problems)
  const name = `image-promoter ${MODE_NAME[report.mode]}`
  const also = warnings ? `, ${plural(warnings, 'warning')}` : ''
  if (report.outcome === 'failure') {
    const what = report.phases.length === 0 ? 'image-promoter could not start' : `${name} failed`
    return `## ❌ ${what}: ${plural(Math.max(errors, 1), 'error')}${also}`
  }
  if (report.outcome === 'nothing-to-do') return `## ✅ ${name}: nothing to promote${also}`
  const moved =
    report.mode === 'promote' ? `${plural(report.counts.promoted, 'edge')} promoted` : 'passed'
  return `## ✅ ${name} ${moved}${also}`
}

/** "3 images (4 digests, 7 tags) to 2 destinations: 14 edges", over the edges that move. */
function overview(report: RunReport): string {
  const images = new Set<string>()
  const digests = new Set<string>()
  const tags = new Set<string>()
  const destinations = new Set<string>()
  let edges = 0
  for (const p of report.promotions) {
    for (const g of groupsOfRow(p)) {
      if (!MOVING_STATES.has(g.state)) continue
      images.add(p.image)
      digests.add(`${p.image}@${p.digest}`)
      g.tags.forEach((t) => tags.add(`${p.image}:${t}`))
      g.destinations.forEach((d) => destinations.add(d))
      edges += edgesOf(g)
    }
  }
  const verb =
    report.mode === 'promote'
      ? 'Promoted'
      : report.mode === 'dry-run'
        ? 'A confirmed run promotes'
        : 'On merge this promotes'
  if (edges === 0)
    return report.phases.length === 0 ? 'Nothing was planned.' : 'Nothing to promote.'
  return `**${verb} ${plural(images.size, 'image')}** (${plural(digests.size, 'digest')}, ${plural(tags.size, 'tag')}) **to ${plural(destinations.size, 'destination')}**: ${plural(edges, 'edge')}.`
}

const COUNT_LABEL: Array<[string[], string]> = [
  [['promote'], 'to promote'],
  [['copied', 'exists'], 'promoted'],
  [['done'], 'already done'],
  [['conflict'], 'tag conflict'],
  [['lost'], 'source lost'],
  [['error'], 'unreadable'],
  [['failed'], 'copy failed'],
  [['blocked'], 'blocked']
]

/** Edges by state, only those that occur (never "0 errors"), from the rows' per-state groups. */
function countsLine(report: RunReport): string {
  const byState = new Map<string, number>()
  for (const p of report.promotions)
    for (const g of groupsOfRow(p)) byState.set(g.state, (byState.get(g.state) ?? 0) + edgesOf(g))
  const parts: Array<[number, string]> = COUNT_LABEL.map(([states, what]) => [
    states.reduce((n, s) => n + (byState.get(s) ?? 0), 0),
    what
  ])
  const shown = parts.filter(([n]) => n > 0).map(([n, what]) => `**${n}** ${what}`)
  const c = report.counts
  const trust = [c.signed && `**${c.signed}** signed`, c.attested && `**${c.attested}** attested`]
  const digests = trust.filter(Boolean).join(' · ')
  return `Edges: ${shown.join(' · ') || 'none'}${digests ? ` · digests: ${digests}` : ''}`
}

function fullReport(options: MarkdownOptions): string {
  // <code>, not backticks: entities stay entities inside a code span.
  const path = options.jsonReportPath
    ? ` (<code>${escapeMarkdown(options.jsonReportPath)}</code>)`
    : ''
  const run = options.links?.runUrl
  return run && /^https?:\/\/[^\s()<>]+$/.test(run)
    ? `the [workflow run](${run})'s JSON report${path}`
    : `the JSON report${path}`
}

function phasesBlock(report: RunReport): string[] {
  if (report.phases.length === 0) return []
  const out = [
    '<details>',
    '<summary>Phases and registry requests</summary>',
    '',
    '| phase | status | time |',
    '| --- | --- | --- |'
  ]
  for (const phase of report.phases)
    out.push(
      `| ${phase.name} | ${phase.status}${phase.note ? ` (${escapeMarkdown(phase.note)})` : ''} | ${(phase.ms / 1000).toFixed(2)} s |`
    )
  const r = report.requests
  out.push(
    '',
    `Registry requests: ${r.total} (${r.writes} writes, ${r.retries} retries), ${formatBytes(r.bytesIn)} in, ${formatBytes(r.bytesOut)} out.`
  )
  for (const [host, n] of Object.entries(r.byHost)) out.push(`- ${escapeMarkdown(host)}: ${n}`)
  out.push('', '</details>', '')
  return out
}

/** Render the summary (or, with a smaller budget, the PR comment). */
export function renderMarkdown(report: RunReport, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? SUMMARY_BUDGET_BYTES
  const links = options.links
  const full = fullReport(options)
  const head = [verdict(report), '']
  if (report.stopReason) head.push(`_${escapeMarkdown(report.stopReason)}_`, '')
  // A run that could not start has no edges to count: its verdict and its error say it all.
  if (report.phases.length > 0)
    head.push(
      overview(report),
      '',
      `${countsLine(report)} · scope: ${escapeMarkdown(report.scope)}`,
      '',
      '<sub>An edge is one tag (or one untagged digest) copied to one destination registry.</sub>',
      ''
    )
  const tail: string[] = []
  for (const section of report.sections ?? [])
    tail.push(`### ${section.title}`, '', section.markdown, '')
  tail.push(...phasesBlock(report))
  const fixed = Buffer.byteLength([...head, ...tail].join('\n')) + 1000
  const problems = renderProblems(report.problems, links, (budget - fixed) * 0.4, full)
  const tableBudget = budget - fixed - Buffer.byteLength(problems.join('\n'))
  const table = renderPromotions(report.promotions, links, tableBudget, full)
  return [...head, ...table, ...problems, ...tail].join('\n')
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
