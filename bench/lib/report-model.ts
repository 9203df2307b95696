// The report of one `npm run bench`: what ran where, and each scenario case's aggregated outcome.
import type { AggregatedOutcome } from './aggregate.js'
import type { MachineInfo } from './machine.js'

/** One invocation of a scenario (a scenario can have several cases, e.g. layer sizes). */
export interface CaseReport {
  scenario: string
  description: string
  /** The command that reproduces this case alone. */
  command: string
  /** Runs the figures are medians of, and whether the scenario made them itself (`--runs N`). */
  runs: number
  repeatsItself: boolean
  outcome?: AggregatedOutcome
  /** Why the case has no figures (the scenario failed). */
  error?: string
  wallMs: number
}

export interface BenchReport {
  /** The command that reproduces the whole report. */
  command: string
  runs: number
  startedAt: string
  totalMs: number
  machine: MachineInfo
  cases: CaseReport[]
  /** The tree parse and plan-k8sio read, as the document should name it. */
  treeLabel: string
}
