// `npm run bench -- promote-cross-host [--repos R] [--images N] [--layer BYTES] [--runs K]`:
// staging and production on two registries; every blob streams through the client. Goals:
// >= 1.5x faster than a cold `skopeo sync --all`, and >= 70% of the loopback copy limit
// (curl GET | curl PUT of one blob as large as all the bytes we streamed).
import { medianResult, printResults, withRegistries, type BenchResult } from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'
import { measureLoopbackLimit, type LoopbackLimit } from './loopback-limit.js'
import { promoteWorkload, runOurs, runSkopeo } from './promote-common.js'
import { printGoals } from './promote-goals.js'

export const promoteCrossHost: BenchScenario = {
  name: 'promote-cross-host',
  description: 'promote between two registries (streamed) vs skopeo sync --all and curl',
  run: async (args) => {
    const workload = promoteWorkload('promote-cross-host', args, {
      repos: 6,
      images: 5,
      layer: 1024 * 1024
    })
    const name = workload.name
    const ours: BenchResult[] = []
    const peer: BenchResult[] = []
    const limits: LoopbackLimit[] = []
    await withRegistries(1, {}, async ([source]) => {
      const images = await workload.seed(source!)
      for (let run = 0; run < workload.runs; run++) {
        await withRegistries(1, {}, async ([dest]) => {
          peer.push(await runSkopeo(name, source!, dest!, images, 'prod'))
        })
        const streamed = await withRegistries(1, {}, async ([dest]) => {
          const result = await runOurs(name, source!, dest!, images, 'prod')
          ours.push(result)
          return result.bytes
        })
        await withRegistries(1, {}, async ([dest]) => {
          limits.push(await measureLoopbackLimit(source!, dest!, streamed))
        })
      }
    })
    const [a, b] = [medianResult(ours), medianResult(peer)]
    const limitRate = limits.map((l) => l.bytesPerSecond).sort((x, y) => x - y)[
      Math.floor(limits.length / 2)
    ]!
    const ourRate = (a.bytes * 1000) / a.wallMs
    printResults([a, b])
    console.log(
      `\nloopback limit (curl | curl, ${a.bytes} bytes): ${(limitRate / 1e6).toFixed(1)} MB/s; ` +
        `ours ${(ourRate / 1e6).toFixed(1)} MB/s = ${((ourRate / limitRate) * 100).toFixed(0)}%`
    )
    const goals = printGoals(a, b, [
      {
        goal: '>= 1.5x faster than skopeo',
        met: b.wallMs / a.wallMs >= 1.5,
        figure: `${(b.wallMs / a.wallMs).toFixed(2)}x`
      },
      {
        goal: '>= 70% of the loopback copy limit',
        met: ourRate >= 0.7 * limitRate,
        figure: `${((ourRate / limitRate) * 100).toFixed(0)}% (${(ourRate / 1e6).toFixed(1)} of ${(limitRate / 1e6).toFixed(1)} MB/s)`
      }
    ])
    const limit = `loopback copy limit (curl GET | curl PUT of one ${a.bytes}-byte blob): ${(limitRate / 1e6).toFixed(1)} MB/s`
    a.extra = { ...a.extra, loopbackLimitMBps: limitRate / 1e6 }
    return { results: [a, b], goals, notes: [limit] }
  }
}
