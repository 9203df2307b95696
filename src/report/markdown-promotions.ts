// The promotions part of the summary. Up to DIGEST_ROWS rows: one row per (image, digest) with
// its state per tag and destination. Larger plans: one row per image (counts per state), then the
// per-digest rows collapsed, both cut at the byte budget with a pointer to the full report.
import { escapeMarkdown } from './escape.js'
import { linkTo, positionLink, type ReportLinks } from './links.js'
import type { ReportEdgeGroup, ReportPromotion } from './run-report.js'

/** Plans with at most this many (image, digest) rows show them directly. */
export const DIGEST_ROWS = 30
/** Most rows of the per-image table and of the collapsed per-digest table of a large plan. */
export const IMAGE_ROWS = 100
export const DETAIL_ROWS = 300

/** Edge states, worst first: a row shows the worst state among its edges. */
export const STATE_ORDER: readonly string[] = [
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

/**
 * Destination registries by a short name: the host where no other destination shares it, else
 * the full name. The full names are listed once above the table.
 */
class Destinations {
  readonly all: string[]
  private readonly short = new Map<string, string>()

  constructor(promotions: readonly ReportPromotion[]) {
    this.all = [...new Set(promotions.flatMap((p) => p.destinations))].sort()
    const hosts = new Map<string, number>()
    for (const d of this.all) hosts.set(d.split('/')[0]!, (hosts.get(d.split('/')[0]!) ?? 0) + 1)
    for (const d of this.all) {
      const host = d.split('/')[0]!
      this.short.set(d, hosts.get(host) === 1 ? host : d)
    }
  }

  name(destination: string): string {
    return escapeMarkdown(this.short.get(destination) ?? destination)
  }

  /** "all 4", or the short names (at most `max`). */
  cell(destinations: readonly string[], max = 3): string {
    if (destinations.length === this.all.length && this.all.length > 1)
      return `all ${this.all.length}`
    const shown = destinations.slice(0, max).map((d) => this.name(d))
    if (destinations.length > max) shown.push(`+${destinations.length - max} more`)
    return shown.join('<br>')
  }

  /** The line naming every destination once. */
  legend(): string {
    const list = this.all.map((d) => {
      const short = this.short.get(d)!
      return short === d ? escapeMarkdown(d) : `**${escapeMarkdown(short)}** (${escapeMarkdown(d)})`
    })
    return `Destinations (${this.all.length}): ${list.join(' · ')}`
  }
}

/**
 * One state for a row whose edges agree; else the edges that did not go well by tag and
 * destination, and the rest counted, so one conflicting tag hides neither the others nor itself.
 */
function stateCell(p: ReportPromotion, dst: Destinations): string {
  const groups = [...groupsOfRow(p)].sort((a, b) => rank(a.state) - rank(b.state))
  if (groups.length === 1) return label(groups[0]!.state)
  const fine = new Map<string, number>()
  const lines: string[] = []
  for (const g of groups) {
    if (MOVING_STATES.has(g.state) || g.state === 'done') {
      fine.set(g.state, (fine.get(g.state) ?? 0) + edgesOf(g))
      continue
    }
    const tags = g.tags.length ? names(g.tags, 3) : 'untagged'
    const where = g.destinations.slice(0, 2).map((d) => dst.name(d))
    if (g.destinations.length > 2) where.push(`+${g.destinations.length - 2} more`)
    lines.push(`${label(g.state)}: ${tags} → ${where.join(', ')}`)
  }
  for (const [state, n] of fine) lines.push(`${label(state)}: ${plural(n, 'other edge')}`)
  return lines.join('<br>')
}

function digestRow(p: ReportPromotion, links: ReportLinks | undefined, dst: Destinations): string {
  const digest = `\`${shortDigest(p.digest)}\``
  const cells = [
    escapeMarkdown(p.image),
    p.position ? linkTo(links, p.position, digest) : digest,
    tagsCell(p.tags),
    dst.cell(p.destinations),
    stateCell(p, dst)
  ]
  return `| ${cells.join(' | ')} |`
}

interface ImageRow {
  image: string
  rows: ReportPromotion[]
}

function imageRow(r: ImageRow, links: ReportLinks | undefined, dst: Destinations): string {
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
    dst.cell([...destinations].sort()),
    states,
    first ? positionLink(links, first) : ''
  ]
  return `| ${cells.join(' | ')} |`
}

const byState = (a: ReportPromotion, b: ReportPromotion): number =>
  rank(a.state) - rank(b.state) ||
  (a.image < b.image ? -1 : a.image > b.image ? 1 : 0) ||
  (a.position?.line ?? 0) - (b.position?.line ?? 0)

/** Table lines that fit in `budget` bytes and `maxRows`; returns how many rows were left out. */
function fit(
  header: string[],
  rows: string[],
  budget: number,
  maxRows = Infinity
): { lines: string[]; cut: number } {
  const lines = [...header]
  let used = Buffer.byteLength(header.join('\n'))
  for (const row of rows) {
    used += Buffer.byteLength(row) + 1
    if (used > budget || lines.length - header.length >= maxRows)
      return { lines, cut: rows.length - (lines.length - header.length) }
    lines.push(row)
  }
  return { lines, cut: 0 }
}

const DIGEST_HEADER = [
  '| image | digest | tags | destinations | state |',
  '| --- | --- | --- | --- | --- |'
]

function cutNote(cut: number, what: string, fullReport: string): string[] {
  return cut
    ? [`… ${plural(cut, what)} more, cut to stay under GitHub's size limit: see ${fullReport}.`, '']
    : []
}

export function renderPromotions(
  promotions: readonly ReportPromotion[],
  links: ReportLinks | undefined,
  budget: number,
  fullReport: string
): string[] {
  if (promotions.length === 0) return []
  const dst = new Destinations(promotions)
  if (promotions.length <= DIGEST_ROWS) {
    const rows = [...promotions].sort(byState).map((p) => digestRow(p, links, dst))
    const { lines, cut } = fit(DIGEST_HEADER, rows, budget)
    return [
      `### Promotions (${plural(promotions.length, 'digest')})`,
      '',
      dst.legend(),
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
    '',
    dst.legend(),
    ''
  ]
  const imageTable = fit(
    [
      '| image | digests | tags | destinations | edges by state | manifest |',
      '| --- | --- | --- | --- | --- | --- |'
    ],
    [...images.values()].map((r) => imageRow(r, links, dst)),
    budget / 2,
    IMAGE_ROWS
  )
  out.push(...imageTable.lines, '', ...cutNote(imageTable.cut, 'image', fullReport))
  // Per digest, collapsed; digests already done are left out of a large plan.
  const pending = [...promotions].filter((p) => p.state !== 'done').sort(byState)
  if (pending.length === 0) return out
  const used = Buffer.byteLength(out.join('\n'))
  const detail = fit(
    DIGEST_HEADER,
    pending.map((p) => digestRow(p, links, dst)),
    budget - used - 200,
    DETAIL_ROWS
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
