// `npm run bench -- promote-same-host [--repos R] [--images N] [--layer BYTES] [--runs K]`:
// staging and production prefixes on one registry. Goals: zero blob bytes through the client,
// >= 5x faster than a cold `skopeo sync --all`, <= 60% of its requests.
import { medianResult, printResults, withRegistries, type BenchResult } from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'
import { promoteWorkload, runOurs, runSkopeo } from './promote-common.js'
import { printGoals } from './promote-goals.js'

export const promoteSameHost: BenchScenario = {
  name: 'promote-same-host',
  description: 'promote within one registry (mounts) vs skopeo sync --all, cold cache',
  run: async (args) => {
    const workload = promoteWorkload('promote-same-host', args, {
      repos: 10,
      images: 5,
      layer: 100 * 1024
    })
    const name = workload.name
    const ours: BenchResult[] = []
    const peer: BenchResult[] = []
    await withRegistries(1, {}, async ([registry]) => {
      const images = await workload.seed(registry!)
      for (let run = 0; run < workload.runs; run++) {
        peer.push(await runSkopeo(name, registry!, registry!, images, `skopeo-r${run}`))
        ours.push(await runOurs(name, registry!, registry!, images, `prod-r${run}`))
      }
    })
    const [a, b] = [medianResult(ours), medianResult(peer)]
    printResults([a, b])
    const goals = printGoals(a, b, [
      {
        goal: 'zero blob bytes through the client',
        met: a.bytes === 0,
        figure: `${a.bytes} bytes`
      },
      {
        goal: '>= 5x faster than skopeo',
        met: b.wallMs / a.wallMs >= 5,
        figure: `${(b.wallMs / a.wallMs).toFixed(2)}x`
      },
      {
        goal: "<= 60% of skopeo's requests",
        met: a.requests <= 0.6 * b.requests,
        figure: `${Math.round((a.requests / b.requests) * 100)}%`
      }
    ])
    return { results: [a, b], goals }
  }
}
