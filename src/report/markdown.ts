// RunReport -> markdown for the job summary and the PR comment, within a byte budget (GitHub drops
// a summary over 1 MiB entirely, so long lists are cut with a pointer to the JSON report).
import { escapeMarkdown } from './escape.js'
import { sortedProblems, type ReportPromotion, type RunReport } from './run-report.js'

export { escapeMarkdown } from './escape.js'

export const SUMMARY_BUDGET_BYTES = 900 * 1024

const STATE_ORDER = ['error', 'conflict', 'lost', 'failed', 'promote', 'copied', 'exists', 'done']
const shortDigest = (digest: string): string => digest.replace(/^sha256:/, '').slice(0, 12)

function promotionRow(p: ReportPromotion): string {
  const cells = [
    escapeMarkdown(p.image),
    `\`${shortDigest(p.digest)}\``,
    p.tags.length ? escapeMarkdown(p.tags.join(', ')) : '_(tagless)_',
    `${escapeMarkdown(p.source)} → ${p.destinations.map(escapeMarkdown).join('<br>')}`,
    p.state
  ]
  return `| ${cells.join(' | ')} |`
}

function countsLine(report: RunReport): string {
  const c = report.counts
  const parts = [
    `**${c.planned}** to promote`,
    `**${c.promoted}** promoted`,
    `**${c.skipped}** already done`,
    `**${c.conflicts}** conflicts`,
    `**${c.lost}** lost`,
    `**${c.errors}** errors`
  ]
  if (c.signed || c.attested) parts.push(`**${c.signed}** signed`, `**${c.attested}** attested`)
  return parts.join(' · ')
}

/** Render the summary. `jsonReportPath` is named where lists are cut. */
export function renderMarkdown(
  report: RunReport,
  jsonReportPath?: string,
  budget = SUMMARY_BUDGET_BYTES
): string {
  const icon = report.outcome === 'failure' ? '❌' : '✅'
  const out: string[] = [
    `## ${icon} image-promoter: ${report.mode}${report.stopReason ? ` (${escapeMarkdown(report.stopReason)})` : ''}`,
    '',
    `${countsLine(report)} · scope: ${escapeMarkdown(report.scope)}`,
    ''
  ]
  const problems = sortedProblems(report.problems)
  if (problems.length) {
    out.push('### Problems', '')
    for (const p of problems) {
      const where = p.position
        ? `<code>${escapeMarkdown(`${p.position.file}:${p.position.line}`)}</code> `
        : ''
      out.push(
        `> ${p.severity === 'error' ? '**error**' : 'warning'} ${where}${escapeMarkdown(p.message)}`,
        '>'
      )
    }
    out.push('')
  }
  for (const section of report.sections ?? [])
    out.push(`### ${section.title}`, '', section.markdown, '')
  const rows = [...report.promotions]
    .filter((p) => p.state !== 'done' || report.promotions.length <= 50)
    .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state))
  const table = [
    '| image | digest | tags | source → destinations | state |',
    '| --- | --- | --- | --- | --- |'
  ]
  let used = Buffer.byteLength(out.join('\n')) + 2000
  let shown = 0
  for (const row of rows.map(promotionRow)) {
    used += Buffer.byteLength(row) + 1
    if (used > budget) break
    table.push(row)
    shown++
  }
  if (rows.length) {
    const title = `Promotions (${rows.length}${rows.length < report.promotions.length ? ` shown, ${report.promotions.length - rows.length} already done` : ''})`
    out.push('<details open>', `<summary>${title}</summary>`, '', ...table, '', '</details>', '')
    if (shown < rows.length) {
      out.push(
        `… ${rows.length - shown} more rows cut to stay under GitHub's summary limit${jsonReportPath ? `: see ${escapeMarkdown(jsonReportPath)}` : ''}.`,
        ''
      )
    }
  }
  out.push(
    '<details>',
    '<summary>Phases and registry requests</summary>',
    '',
    '| phase | status | time |',
    '| --- | --- | --- |'
  )
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
  return out.join('\n')
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
