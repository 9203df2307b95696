// Problem order and de-duplication, shared by the summary, the CLI text and the annotations.
import { describe, expect, it } from '@jest/globals'
import { annotationsFor } from '../../src/report/annotations.js'
import {
  emptyCounts,
  emptyRequests,
  RUN_REPORT_SCHEMA,
  sortedProblems,
  type ReportProblem,
  type RunReport
} from '../../src/report/run-report.js'

const at = (file: string, line: number) => ({ file, line, column: 1 })

function report(problems: ReportProblem[]): RunReport {
  return {
    schema: RUN_REPORT_SCHEMA,
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:00:01Z',
    mode: 'check',
    scope: 'all',
    outcome: 'failure',
    counts: emptyCounts(),
    phases: [],
    promotions: [],
    problems,
    requests: emptyRequests(),
    details: {}
  }
}

describe('sortedProblems', () => {
  it('puts errors first, then orders by file and line, problems with no position last', () => {
    const problems: ReportProblem[] = [
      { severity: 'warning', kind: 'lost', message: 'w-a1', position: at('a.yaml', 1) },
      { severity: 'error', kind: 'lost', message: 'e-none' },
      { severity: 'error', kind: 'lost', message: 'e-b2', position: at('b.yaml', 2) },
      { severity: 'error', kind: 'lost', message: 'e-a9', position: at('a.yaml', 9) },
      { severity: 'error', kind: 'lost', message: 'e-a3', position: at('a.yaml', 3) }
    ]
    expect(sortedProblems(problems).map((p) => p.message)).toEqual([
      'e-a3',
      'e-a9',
      'e-b2',
      'e-none',
      'w-a1'
    ])
    expect(problems[0]!.message).toBe('w-a1') // the input is left as it was
  })
})

describe('annotations', () => {
  it('drop exact repeats, keep a problem with no file, and join paths under "." or a trailing /', () => {
    const lost: ReportProblem = {
      severity: 'error',
      kind: 'lost',
      message: 'lost',
      position: at('images.yaml', 4)
    }
    const noFile: ReportProblem = { severity: 'warning', kind: 'lost', message: 'no file' }
    const problems = [lost, { ...lost }, noFile]
    const plain = annotationsFor(report(problems), '.')
    expect(plain).toEqual([
      {
        severity: 'error',
        title: 'image-promoter: lost',
        message: 'lost',
        file: 'images.yaml',
        line: 4,
        column: 1
      },
      {
        severity: 'warning',
        title: 'image-promoter: lost',
        message: 'no file',
        file: undefined,
        line: undefined,
        column: undefined
      }
    ])
    expect(annotationsFor(report(problems), 'manifests//')[0]!.file).toBe('manifests/images.yaml')
  })
})
