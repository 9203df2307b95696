// The verdict lines under a promote-* scenario's table: ratios to the peer and each goal.
import type { BenchResult } from '../lib/index.js'
import type { BenchGoal } from '../scenario.js'

export type Goal = BenchGoal

/** Prints the verdicts and returns them, for the report runner. */
export function printGoals(ours: BenchResult, peer: BenchResult, goals: Goal[]): Goal[] {
  const speedup = peer.wallMs / ours.wallMs
  const requests = ours.requests / peer.requests
  console.log()
  console.log(
    `speedup ${speedup.toFixed(2)}x, requests ${(requests * 100).toFixed(0)}% of ${peer.tool}`
  )
  for (const g of goals) console.log(`- [${g.met ? 'x' : ' '}] ${g.goal}`)
  console.log(JSON.stringify({ speedup, requestRatio: requests, goals }))
  return goals
}
