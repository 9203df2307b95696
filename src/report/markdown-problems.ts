// The problems part of the summary: errors before warnings and marked differently; host-wide
// registry failures once per host with the fix; repeated problems of one kind as one line with a
// count and a collapsed list, so 80 identical provenance warnings take one line, not 10,000 px.
import { escapeMarkdown } from './escape.js'
import { HOST_FIXES, hostFailures, type HostFailure } from './host-failures.js'
import { positionLink, type ReportLinks } from './links.js'
import { sortedProblems, type ReportProblem } from './run-report.js'

/** Problems of one kind and wording shown one by one; more are folded into one line. */
const SHOWN_ONE_BY_ONE = 3
/** Entries listed in one collapsed list; the rest are counted. */
const LISTED_PER_GROUP = 100

const ICON = { error: '❌', warning: '⚠️' } as const

interface ProblemGroup {
  severity: 'error' | 'warning'
  kind: string
  problems: ReportProblem[]
}

/** The wording of a message without its subject (digests, references, numbers). */
function template(message: string): string {
  return message
    .replace(/sha256:[0-9a-f]+/g, '#')
    .replace(/\S*[/:@]\S*/g, '#')
    .replace(/\d+/g, '#')
}

function groupsOf(problems: readonly ReportProblem[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>()
  for (const p of problems) {
    const key = `${p.severity}|${p.kind}|${template(p.message)}`
    const group = groups.get(key)
    if (group) group.problems.push(p)
    else groups.set(key, { severity: p.severity, kind: p.kind, problems: [p] })
  }
  return [...groups.values()]
}

function problemLine(p: ReportProblem, links: ReportLinks | undefined): string {
  const where = p.position ? `${positionLink(links, p.position)} · ` : ''
  return `${where}${escapeMarkdown(p.message)}`
}

/** A collapsed list: the summary line is the group, the body its entries. */
function collapsed(summary: string, entries: string[], total: number, more: string): string[] {
  const out = ['<details>', `<summary>${summary}</summary>`, '']
  out.push(...entries.map((e) => `- ${e}`))
  if (total > entries.length) out.push(`- … ${total - entries.length} more ${more}`)
  out.push('', '</details>', '')
  return out
}

/** Our own fix text in HTML (inside <summary>): its `code` spans become <code>. */
const fixHtml = (fix: string): string =>
  escapeMarkdown(fix).replace(/&#96;(.+?)&#96;/g, '<code>$1</code>')

function hostBlock(h: HostFailure, links: ReportLinks | undefined, listed: number): string[] {
  const n = h.problems.length
  const title = `${ICON[h.severity]} <b>${escapeMarkdown(h.host)}</b>: ${n} problem${n === 1 ? '' : 's'}, one cause · ${fixHtml(HOST_FIXES[h.cause])}`
  const entries = h.problems.slice(0, listed).map((p) => problemLine(p, links))
  return collapsed(title, entries, n, 'in the full report')
}

function groupBlock(g: ProblemGroup, links: ReportLinks | undefined, listed: number): string[] {
  const icon = ICON[g.severity]
  if (g.problems.length <= SHOWN_ONE_BY_ONE) {
    return [...g.problems.map((p) => `- ${icon} **${g.kind}** · ${problemLine(p, links)}`), '']
  }
  const first = g.problems[0]!
  const title = `${icon} <b>${escapeMarkdown(g.kind)}</b> × ${g.problems.length}: ${escapeMarkdown(first.message)}`
  const entries = g.problems.slice(0, listed).map((p) => problemLine(p, links))
  return collapsed(title, entries, g.problems.length, 'in the full report')
}

/** Counts of error and warning problems, for the verdict line. */
export function problemCounts(problems: readonly ReportProblem[]): {
  errors: number
  warnings: number
} {
  const errors = problems.filter((p) => p.severity === 'error').length
  return { errors, warnings: problems.length - errors }
}

/** The problems section, cut at `budget` bytes with a pointer to the full report. */
export function renderProblems(
  problems: readonly ReportProblem[],
  links: ReportLinks | undefined,
  budget: number,
  fullReport: string
): string[] {
  if (problems.length === 0) return []
  const out: string[] = ['### Problems', '']
  let used = 0
  let cut = 0
  for (const severity of ['error', 'warning'] as const) {
    const mine = sortedProblems(problems).filter((p) => p.severity === severity)
    if (mine.length === 0) continue
    const label = severity === 'error' ? 'error' : 'warning'
    out.push(`#### ${ICON[severity]} ${mine.length} ${label}${mine.length === 1 ? '' : 's'}`, '')
    const { hosts, rest } = hostFailures(mine)
    const blocks: Array<{ n: number; render: (listed: number) => string[] }> = [
      ...hosts.map((h) => ({
        n: h.problems.length,
        render: (k: number) => hostBlock(h, links, k)
      })),
      ...groupsOf(rest).map((g) => ({
        n: g.problems.length,
        render: (k: number) => groupBlock(g, links, k)
      }))
    ]
    for (const block of blocks) {
      // A group that does not fit lists fewer entries; its one line with the count always shows.
      let lines: string[] | undefined
      for (const listed of [LISTED_PER_GROUP, 20, 5, 0]) {
        const candidate = block.render(listed)
        if (used + Buffer.byteLength(candidate.join('\n')) + 1 <= budget) {
          lines = candidate
          break
        }
      }
      if (!lines) {
        cut += block.n
        continue
      }
      used += Buffer.byteLength(lines.join('\n')) + 1
      out.push(...lines)
    }
  }
  if (cut)
    out.push(`… ${cut} more problems cut to stay under GitHub's size limit: see ${fullReport}.`, '')
  return out
}
