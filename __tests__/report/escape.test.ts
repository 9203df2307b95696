// Hostile manifest text in the job summary / PR comment: whatever it holds, it renders as the
// same characters inside its own cell or quote, and GitHub links nothing in it.
import { describe, expect, it } from '@jest/globals'
import { escapeMarkdown, oneLine } from '../../src/report/escape.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { emptyCounts as emptyVulnCounts } from '../../src/vuln/judge-findings.js'
import { formatVulnSummary } from '../../src/vuln/summary.js'
import type { VulnVerdict } from '../../src/vuln/verdict.js'
import { emptyCounts, emptyRequests, RUN_REPORT_SCHEMA } from '../../src/report/run-report.js'

const HOSTILE = [
  'a\n| x | y |\n| --- | --- |',
  'a\r\n> quote',
  '@org/team please look',
  '#123 closes',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '![x](http://evil/pixel.png)',
  'see https://evil.example/a and www.evil.example',
  '<https://evil.example>',
  '`code` **bold** _em_ ~~strike~~ $x$',
  '&lt;already escaped&gt;',
  'a\u2028b\u202Ec\u0000d'
]

/** What must not survive escaping: syntax that ends a cell, starts HTML, a link, a mention. */
function expectInert(out: string): void {
  // eslint-disable-next-line no-control-regex -- a NUL must not survive
  expect(out).not.toMatch(/[\r\n\u2028\u2029\u202E\u0000]/)
  expect(out).not.toMatch(/[|<>[\]()`*_~$!]/)
  expect(out).not.toMatch(/https?:\/\//i)
  expect(out).not.toMatch(/www\./i)
  // Every @ or # is an entity followed by a zero-width space: no mention, no issue reference.
  expect(out.replace(/&#\d+;/g, '')).not.toMatch(/[@#]/)
  expect(out).not.toMatch(/&#64;(?!\u200B)|&#35;(?!\u200B)/)
}

/** The text a reader sees: entities decoded, zero-width spaces gone. */
function decoded(out: string): string {
  return out
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/\u200B/g, '')
}

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('neutralises %j', (text) => {
    const out = escapeMarkdown(text)
    expectInert(out)
    // Only line breaks and invisible controls change what a reader sees.
    const seen = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    expect(decoded(out)).toBe(seen.replaceAll('\u0000', '').replaceAll('\u202E', ''))
  })

  it('escapes in one pass: its own output is not escaped again', () => {
    expect(escapeMarkdown('&')).toBe('&#38;')
    expect(escapeMarkdown('&#38;')).toBe('&#38;&#35;\u200B38;')
    expect(decoded(escapeMarkdown('&#38;'))).toBe('&#38;')
  })

  it('keeps ordinary image references readable', () => {
    expect(escapeMarkdown('registry.k8s.io/pause-v3.9')).toBe('registry.k8s.io/pause-v3.9')
  })

  it('oneLine removes line breaks and controls only', () => {
    expect(oneLine('a\nb\r\nc\u2028d\u0007e <b>')).toBe('a b c de <b>')
  })
})

describe('hostile text in the rendered summary', () => {
  const report = (text: string) =>
    renderMarkdown({
      schema: RUN_REPORT_SCHEMA,
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:01Z',
      mode: 'check',
      scope: text,
      outcome: 'failure',
      counts: emptyCounts(),
      phases: [{ name: 'plan', ms: 1, status: 'failed', note: text }],
      promotions: [
        {
          image: text,
          digest: `sha256:${'a'.repeat(64)}`,
          tags: [text],
          source: text,
          destinations: [text],
          state: 'conflict'
        }
      ],
      problems: [
        {
          severity: 'error',
          kind: 'conflict',
          message: text,
          position: { file: `${text}.yaml`, line: 1, column: 1 }
        }
      ],
      requests: emptyRequests(),
      details: {}
    })

  it.each(HOSTILE)('%j stays inside its cell, quote and code span', (text) => {
    const md = report(text)
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    // Header + one promotion row, header + one phase row: 5 cells each, no extra rows.
    expect(rows).toHaveLength(4)
    for (const row of rows)
      expect(row.split(' | ')).toHaveLength(/^\| (plan|phase) /.test(row) ? 3 : 5)
    const problem = md.split('\n').filter((l) => l.startsWith('- ❌ **conflict**'))
    expect(problem).toHaveLength(1)
    expect(md).not.toMatch(/<img|<https|\]\(|onerror=|@org|#123|https:\/\/|www\./)
  })

  it('scan report ids and fix versions are escaped in the vulnerability table', () => {
    const verdict: VulnVerdict = {
      repository: 'reg.example/app',
      positions: [],
      counts: { ...emptyVulnCounts(), CRITICAL: 1 },
      ignored: [],
      scans: [],
      rejected: [],
      warnings: [],
      message: '',
      digest: `sha256:${'a'.repeat(64)}`,
      status: 'blocked',
      blocksImage: true,
      highest: 5,
      highestName: 'CRITICAL',
      blocking: [{ id: 'CVE-1 | @org ![x](http://evil)', severity: 5, fixVersion: '<b>\n|' }]
    }
    const md = formatVulnSummary([verdict])
    const row = md.split('\n').at(-1)!
    expect(row.split(' | ')).toHaveLength(5)
    expect(row).not.toMatch(/@org|!\[|http:\/\/|<b>/)
  })
})
