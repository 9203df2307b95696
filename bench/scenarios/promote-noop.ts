// `npm run bench -- promote-noop [--repos R] [--images N] [--layer BYTES] [--runs K]`: re-run a
// finished promotion between two registries. Goal: only reads (zero writes, zero blob bytes);
// skopeo sync re-running over its own finished copy is the side-by-side.
import { medianResult, printResults, withRegistries, type BenchResult } from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'
import { promoteWorkload, runOurs, runSkopeo } from './promote-common.js'
import { printGoals } from './promote-goals.js'

export const promoteNoop: BenchScenario = {
  name: 'promote-noop',
  description: 're-run of a finished promotion: reads only, vs skopeo sync re-run',
  run: async (args) => {
    const workload = promoteWorkload('promote-noop', args, {
      repos: 10,
      images: 5,
      layer: 100 * 1024
    })
    const name = workload.name
    const ours: BenchResult[] = []
    const peer: BenchResult[] = []
    await withRegistries(2, {}, async ([source, dest]) => {
      const images = await workload.seed(source!)
      await runOurs(name, source!, dest!, images, 'prod')
      await runSkopeo(name, source!, dest!, images, 'skopeo')
      for (let run = 0; run < workload.runs; run++) {
        ours.push(await runOurs(name, source!, dest!, images, 'prod'))
        peer.push(await runSkopeo(name, source!, dest!, images, 'skopeo', false))
      }
    })
    const [a, b] = [medianResult(ours), medianResult(peer)]
    printResults([a, b])
    const writes = Math.max(...ours.map((r) => Number(r.extra?.writes)))
    const goals = printGoals(a, b, [
      {
        goal: 'a finished promotion re-run makes zero writes',
        met: writes === 0,
        figure: `${writes} writes`
      },
      {
        goal: 'and moves zero blob bytes',
        met: a.bytes === 0 && a.extra?.blobBytesServed === 0,
        figure: `${a.bytes} bytes`
      }
    ])
    return { results: [a, b], goals }
  }
}
