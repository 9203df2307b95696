// The verdict lines under a promote-* scenario's table: ratios to the peer and each goal.
import type { BenchResult } from '../lib/index.js'

export interface Goal {
  goal: string
  met: boolean
}

export function printGoals(ours: BenchResult, peer: BenchResult, goals: Goal[]): void {
  const speedup = peer.wallMs / ours.wallMs
  const requests = ours.requests / peer.requests
  console.log()
  console.log(
    `speedup ${speedup.toFixed(2)}x, requests ${(requests * 100).toFixed(0)}% of ${peer.tool}`
  )
  for (const g of goals) console.log(`- [${g.met ? 'x' : ' '}] ${g.goal}`)
  console.log(JSON.stringify({ speedup, requestRatio: requests, goals }))
}
