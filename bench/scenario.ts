// A named benchmark scenario. Each prints its own tables; for `npm run bench` (the report) it also
// returns its results, and the goals it checked, so the runner can aggregate runs without parsing text.
import type { BenchResult } from './lib/results.js'

/** One goal from the issues, checked against this run's figures. */
export interface BenchGoal {
  goal: string
  met: boolean
  /** The figure the verdict rests on, in words ("2.2x faster", "0 writes"). */
  figure?: string
}

/** What a scenario hands to the report runner. */
export interface BenchOutcome {
  results: BenchResult[]
  goals?: BenchGoal[]
  /** Short facts worth printing under the scenario's table (a measured limit, a baseline). */
  notes?: string[]
}

export interface BenchScenario {
  name: string
  description: string
  /**
   * Runs once with the scenario's own arguments. Returning nothing is allowed (older scenarios):
   * the report runner then reads the `{"results":[...]}` line that printResults prints.
   */
  run: (args: string[]) => Promise<BenchOutcome | void>
}
