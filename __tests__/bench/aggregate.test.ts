import { describe, expect, it } from '@jest/globals'
import { aggregateOutcomes, medianRows } from '../../bench/lib/aggregate.js'
import type { BenchResult } from '../../bench/lib/results.js'

const row = (tool: string, wallMs: number, extra: Record<string, unknown> = {}): BenchResult => ({
  scenario: 'promote x',
  tool,
  requests: wallMs / 10,
  bytes: 0,
  wallMs,
  peakRssMb: 100,
  extra
})

describe('medianRows', () => {
  it('takes the median of each (case, tool) over runs, numeric extras included', () => {
    const rows = medianRows([
      [row('image-promoter', 100, { cpuS: 1, by: { a: 1 } }), row('skopeo', 900)],
      [row('image-promoter', 300, { cpuS: 3, by: { a: 2 } }), row('skopeo', 500)],
      [row('image-promoter', 200, { cpuS: 9, by: { a: 3 } }), row('skopeo', 700)]
    ])
    expect(rows.map((r) => [r.tool, r.wallMs, r.requests])).toEqual([
      ['image-promoter', 200, 20],
      ['skopeo', 700, 70]
    ])
    // Numbers are medians; nested objects come from the first run.
    expect(rows[0]!.extra).toEqual({ cpuS: 3, by: { a: 1 } })
  })
})

describe('aggregateOutcomes', () => {
  it('counts in how many runs each goal was met and keeps every figure', () => {
    const goal = (met: boolean, figure: string) => [{ goal: '>= 1.5x faster', met, figure }]
    const aggregated = aggregateOutcomes([
      { results: [row('image-promoter', 1)], goals: goal(true, '1.6x'), notes: ['limit 90 MB/s'] },
      { results: [row('image-promoter', 2)], goals: goal(false, '1.4x'), notes: ['limit 90 MB/s'] }
    ])
    expect(aggregated.runs).toBe(2)
    expect(aggregated.goals).toEqual([
      { goal: '>= 1.5x faster', met: 1, runs: 2, figures: ['1.6x', '1.4x'] }
    ])
    expect(aggregated.notes).toEqual(['limit 90 MB/s'])
  })
})
