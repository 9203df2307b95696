// Medians over the runs of one scenario: each (case, tool) row's numbers, numeric extras included,
// and each goal's verdict counted over the runs.
import type { BenchGoal, BenchOutcome } from '../scenario.js'
import { median, type BenchResult } from './results.js'

/** A goal over several runs: met in `met` of `runs`, with each run's figure. */
export interface GoalVerdict {
  goal: string
  met: number
  runs: number
  figures: string[]
}

export interface AggregatedOutcome {
  /** Runs that produced an outcome (1 for scenarios that take medians themselves). */
  runs: number
  results: BenchResult[]
  goals: GoalVerdict[]
  notes: string[]
}

function medianExtra(extras: (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  const first = extras[0] ?? {}
  const out: Record<string, unknown> = { ...first }
  for (const [key, value] of Object.entries(first)) {
    if (typeof value !== 'number') continue
    const values = extras.map((e) => e?.[key]).filter((v): v is number => typeof v === 'number')
    out[key] = median(values)
  }
  return out
}

/** One row per (case, tool), in first-seen order; numbers are medians over the runs. */
export function medianRows(runs: BenchResult[][]): BenchResult[] {
  const groups = new Map<string, BenchResult[]>()
  for (const row of runs.flat()) {
    const key = `${row.scenario}\u0000${row.tool}`
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  return [...groups.values()].map((rows) => {
    const pick = (f: (r: BenchResult) => number) => median(rows.map(f))
    return {
      ...rows[0]!,
      requests: pick((r) => r.requests),
      bytes: pick((r) => r.bytes),
      wallMs: pick((r) => r.wallMs),
      peakRssMb: pick((r) => r.peakRssMb),
      extra: medianExtra(rows.map((r) => r.extra))
    }
  })
}

function verdicts(runs: (BenchGoal[] | undefined)[]): GoalVerdict[] {
  const byGoal = new Map<string, GoalVerdict>()
  for (const goals of runs)
    for (const g of goals ?? []) {
      const v = byGoal.get(g.goal) ?? { goal: g.goal, met: 0, runs: 0, figures: [] }
      v.runs++
      if (g.met) v.met++
      if (g.figure !== undefined) v.figures.push(g.figure)
      byGoal.set(g.goal, v)
    }
  return [...byGoal.values()]
}

export function aggregateOutcomes(outcomes: BenchOutcome[]): AggregatedOutcome {
  return {
    runs: outcomes.length,
    results: medianRows(outcomes.map((o) => o.results)),
    goals: verdicts(outcomes.map((o) => o.goals)),
    notes: [...new Set(outcomes.flatMap((o) => o.notes ?? []))]
  }
}
