// Markdown lines for the PR check summary: per image, the highest severity, counts per
// severity and the blocking ids with their fix versions. Annotations come from `error.position`.
import type { VulnVerdict } from './verdict.js'
import { SEVERITY_NAMES } from './severity.js'
import { escapeMarkdown } from '../report/escape.js'

const STATUS: Record<VulnVerdict['status'], string> = {
  pass: 'pass',
  blocked: 'blocked',
  'no-scan': 'no scan',
  off: 'off'
}

function counts(v: VulnVerdict): string {
  const parts = [...SEVERITY_NAMES]
    .reverse()
    .filter((n) => v.counts[n] > 0)
    .map((n) => `${n} ${v.counts[n]}`)
  return parts.length ? parts.join(', ') : '-'
}

function blocking(v: VulnVerdict): string {
  if (v.status === 'no-scan')
    return v.blocksImage ? 'no verified scan (required)' : 'no verified scan'
  return (
    v.blocking
      .map((f) =>
        f.fixVersion
          ? `${escapeMarkdown(f.id)} → ${escapeMarkdown(f.fixVersion)}`
          : escapeMarkdown(f.id)
      )
      .join(', ') || '-'
  )
}

export function formatVulnSummary(verdicts: readonly VulnVerdict[]): string {
  const shown = verdicts.filter((v) => v.status !== 'off')
  if (shown.length === 0) return ''
  const rows = shown.map((v) =>
    [
      // Validated image reference; scan-report text (ids, versions) is escaped below.
      `\`${v.repository}@${v.digest.slice(0, 19)}\``,
      STATUS[v.status],
      v.highestName ?? '-',
      counts(v),
      blocking(v)
    ].join(' | ')
  )
  return [
    '### Vulnerability gate',
    '',
    '| image | result | highest | findings | blocking |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`)
  ].join('\n')
}
