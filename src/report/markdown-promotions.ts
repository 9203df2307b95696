// The promotions part of the summary. Up to DIGEST_ROWS rows: one row per (image, digest) with
// its state per tag and destination. Larger plans: one row per image (counts per state), then the
// per-digest rows collapsed, both cut at the byte budget with a pointer to the full report.
import { escapeMarkdown } from './escape.js'
import { linkTo, positionLink, type ReportLinks } from './links.js'
import type { ReportEdgeGroup, ReportPromotion } from './run-report.js'

/** Plans with at most this many (image, digest) rows show them directly. */
export const DIGEST_ROWS = 30

const STATE_ORDER = [
  'failed',
  'blocked',
  'error',
  'conflict',
  'lost',
  'promote',
  'copied',
  'exists',
  'done'
]
const STATE_LABEL: Record<string, string> = {
  failed: '❌ copy failed',
  blocked: '⛔ blocked',
  error: '❌ cannot read',
  conflict: '❌ tag conflict',
  lost: '❌ source lost',
  promote: '➡️ to promote',
  copied: '✅ promoted',
  exists: '✅ promoted',
  done: '☑️ already done'
}
/** States that mean "this edge moves (or moved)", for the overview line and the outputs. */
export const MOVING_STATES: ReadonlySet<string> = new Set(['promote', 'copied', 'exists'])

const label = (state: string): string => STATE_LABEL[state] ?? escapeMarkdown(state)
const rank = (state: string): number => {
  const i = STATE_ORDER.indexOf(state)
  return i < 0 ? 0 : i
}
const shortDigest = (digest: string): string => digest.replace(/^sha256:/, '').slice(0, 12)
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** The row's groups, or one group from the older row fields. */
export function groupsOfRow(p: ReportPromotion): ReportEdgeGroup[] {
  return p.groups ?? [{ state: p.state, tags: p.tags, destinations: p.destinations }]
}

export const edgesOf = (g: ReportEdgeGroup): number =>
  Math.max(1, g.tags.length) * g.destinations.length

/** At most `max` names, then "+N more". */
function names(values: readonly string[], max: number): string {
  const shown = values.slice(0, max).map(escapeMarkdown).join(', ')
  return values.length > max ? `${shown} +${values.length - max} more` : shown
}

function tagsCell(tags: readonly string[]): string {
  return tags.length ? names(tags, 6) : '_(untagged)_'
}

function destinationsCell(destinations: readonly string[]): string {
  return destinations.length <= 3
    ? destinations.map(escapeMarkdown).join('<br>')
    : `${destinations.slice(0, 2).map(escapeMarkdown).join('<br>')}<br>+${destinations.length - 2} more`
}

/** One state per group; the tags and destinations are named only where they differ from the row's. */
function stateCell(p: ReportPromotion): string {
  const groups = [...groupsOfRow(p)].sort((a, b) => rank(a.state) - rank(b.state))
  if (groups.length === 1) return label(groups[0]!.state)
  return groups
    .map((g) => {
      const tags = g.tags.length ? names(g.tags, 3) : 'untagged'
      return `${label(g.state)}: ${tags} → ${names(g.destinations, 2)}`
    })
    .join('<br>')
}

function digestRow(p: ReportPromotion, links: ReportLinks | undefined): string {
  const digest = `\`${shortDigest(p.digest)}\``
  const cells = [
    escapeMarkdown(p.image),
    p.position ? linkTo(links, p.position, digest) : digest,
    tagsCell(p.tags),
    destinationsCell(p.destinations),
    stateCell(p)
  ]
  return `| ${cells.join(' | ')} |`
}

interface ImageRow {
  image: string
  rows: ReportPromotion[]
}

function imageRow(r: ImageRow, links: ReportLinks | undefined): string {
  const tags = new Set<string>()
  const destinations = new Set<string>()
  const edges = new Map<string, number>()
  for (const p of r.rows) {
    p.tags.forEach((t) => tags.add(t))
    p.destinations.forEach((d) => destinations.add(d))
    for (const g of groupsOfRow(p)) edges.set(g.state, (edges.get(g.state) ?? 0) + edgesOf(g))
  }
  const states = [...edges]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([state, n]) => `${label(state)} ${n}`)
    .join('<br>')
  const first = r.rows.find((p) => p.position)?.position
  const cells = [
    escapeMarkdown(r.image),
    String(r.rows.length),
    tags.size ? names([...tags].sort(), 3) : '_(untagged)_',
    destinationsCell([...destinations].sort()),
    states,
    first ? positionLink(links, first) : ''
  ]
  return `| ${cells.join(' | ')} |`
}

const byState = (a: ReportPromotion, b: ReportPromotion): number =>
  rank(a.state) - rank(b.state) ||
  (a.image < b.image ? -1 : a.image > b.image ? 1 : 0) ||
  (a.position?.line ?? 0) - (b.position?.line ?? 0)

/** Table lines that fit in `budget` bytes; returns how many rows were left out. */
function fit(header: string[], rows: string[], budget: number): { lines: string[]; cut: number } {
  const lines = [...header]
  let used = Buffer.byteLength(header.join('\n'))
  for (const row of rows) {
    used += Buffer.byteLength(row) + 1
    if (used > budget) return { lines, cut: rows.length - (lines.length - header.length) }
    lines.push(row)
  }
  return { lines, cut: 0 }
}

const DIGEST_HEADER = ['| image | digest | tags | destinations | state |', '| --- | --- | --- | --- | --- |']

function cutNote(cut: number, what: string, fullReport: string): string[] {
  return cut ? [`… ${plural(cut, what)} more, cut to stay under GitHub's size limit: see ${fullReport}.`, ''] : []
}

export function renderPromotions(
  promotions: readonly ReportPromotion[],
  links: ReportLinks | undefined,
  budget: number,
  fullReport: string
): string[] {
  if (promotions.length === 0) return []
  if (promotions.length <= DIGEST_ROWS) {
    const rows = [...promotions].sort(byState).map((p) => digestRow(p, links))
    const { lines, cut } = fit(DIGEST_HEADER, rows, budget)
    return [
      `### Promotions (${plural(promotions.length, 'digest')})`,
      '',
      ...lines,
      '',
      ...cutNote(cut, 'row', fullReport)
    ]
  }
  const images = new Map<string, ImageRow>()
  for (const p of [...promotions].sort(byState)) {
    const entry = images.get(p.image)
    if (entry) entry.rows.push(p)
    else images.set(p.image, { image: p.image, rows: [p] })
  }
  const out = [
    `### Promotions by image (${plural(images.size, 'image')}, ${plural(promotions.length, 'digest')})`,
    ''
  ]
  const imageTable = fit(
    [
      '| image | digests | tags | destinations | edges by state | manifest |',
      '| --- | --- | --- | --- | --- | --- |'
    ],
    [...images.values()].map((r) => imageRow(r, links)),
    budget / 2
  )
  out.push(...imageTable.lines, '', ...cutNote(imageTable.cut, 'image', fullReport))
  // Per digest, collapsed; digests already done are left out of a large plan.
  const pending = [...promotions].filter((p) => p.state !== 'done').sort(byState)
  if (pending.length === 0) return out
  const used = Buffer.byteLength(out.join('\n'))
  const detail = fit(
    DIGEST_HEADER,
    pending.map((p) => digestRow(p, links)),
    budget - used - 200
  )
  const done = promotions.length - pending.length
  if (detail.lines.length === DIGEST_HEADER.length)
    return [...out, ...cutNote(detail.cut, 'digest row', fullReport)]
  out.push(
    '<details>',
    `<summary>Per digest: ${plural(pending.length, 'digest')} not done yet${done ? ` (${done} already done not listed)` : ''}</summary>`,
    '',
    ...detail.lines,
    '',
    '</details>',
    '',
    ...cutNote(detail.cut, 'digest', fullReport)
  )
  return out
}
