import { describe, expect, it } from '@jest/globals'
import { annotationsFor } from '../../src/report/annotations.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { renderText } from '../../src/report/text.js'
import {
  emptyCounts,
  emptyRequests,
  RUN_REPORT_SCHEMA,
  type RunReport
} from '../../src/report/run-report.js'

function report(over: Partial<RunReport> = {}): RunReport {
  return {
    schema: RUN_REPORT_SCHEMA,
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:00:01Z',
    mode: 'check',
    scope: 'changed a..b',
    outcome: 'success',
    counts: { ...emptyCounts(), planned: 1 },
    phases: [{ name: 'plan', ms: 1200, status: 'ok' }],
    promotions: [],
    problems: [],
    requests: emptyRequests(),
    details: {},
    ...over
  }
}

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`

describe('markdown summary', () => {
  it('escapes user strings in cells and problems', () => {
    const md = renderMarkdown(
      report({
        outcome: 'failure',
        problems: [
          { severity: 'warning', kind: 'lost', message: 'w' },
          {
            severity: 'error',
            kind: 'conflict',
            message: 'tag <v1> moved',
            position: { file: 'images/a/images.yaml', line: 3, column: 5 }
          }
        ],
        promotions: [
          {
            image: 'img|x',
            digest: digest(1),
            tags: ['v1'],
            source: 's',
            destinations: ['d1', 'd2'],
            state: 'conflict'
          }
        ]
      })
    )
    expect(md).toContain('❌')
    expect(md.indexOf('**conflict**')).toBeLessThan(md.indexOf('**lost**'))
    expect(md).toContain('images/a/images.yaml&#58;3')
    expect(md).toContain('tag &#60;v1&#62; moved')
    expect(md).toContain('img&#124;x')
    expect(md).toContain('| all 2 |')
  })

  it('stays under the byte budget and points at the JSON report', () => {
    const promotions = Array.from({ length: 20_000 }, (_, i) => ({
      image: `image-${i}`,
      digest: digest(i),
      tags: ['v1.2.3', 'latest'],
      source: 'gcr.io/staging',
      destinations: ['a.pkg.dev/prod', 'b.pkg.dev/prod'],
      state: 'promote'
    }))
    const md = renderMarkdown(report({ promotions }), {
      jsonReportPath: 'report.json',
      budget: 100_000
    })
    expect(Buffer.byteLength(md)).toBeLessThan(100_000)
    expect(md).toMatch(/more, cut .*report\.json/)
  })
})

describe('annotations', () => {
  it('keeps within 10 per severity, the last one counting the rest', () => {
    const problems = Array.from({ length: 15 }, (_, i) => ({
      severity: 'error' as const,
      kind: 'lost' as const,
      message: `lost ${i}`,
      position: { file: 'images/x/images.yaml', line: i + 1, column: 3 }
    }))
    const annotations = annotationsFor(report({ problems }), 'manifests')
    expect(annotations).toHaveLength(10)
    expect(annotations[0]).toMatchObject({
      file: 'manifests/images/x/images.yaml',
      line: 1,
      column: 3
    })
    expect(annotations[9]!.message).toBe('6 more errors: see the job summary and the JSON report')
  })
})

describe('text', () => {
  it('lists counts and problems with positions', () => {
    const text = renderText(
      report({
        problems: [
          {
            severity: 'error',
            kind: 'lost',
            message: 'gone',
            position: { file: 'f', line: 2, column: 1 }
          }
        ]
      })
    )
    expect(text).toContain('to promote: 1')
    expect(text).toMatch(/^image-promoter check: success: 1 errors, 0 warnings\n/)
    expect(text).toContain('error: f:2:1: gone')
  })
})
