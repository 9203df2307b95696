// `npm run bench -- peer-skopeo [--repos R] [--images N] [--layer BYTES] [--runs K]`: the peer
// baseline: seed R x N images, then `skopeo sync --all` them to a second registry, K cold runs
// (fresh destination registry each), medians of requests, bytes, wall time and peak RSS.
import { seedWorkload } from '../../__tests__/harness/seed.js'
import {
  clearSkopeoCache,
  countRequests,
  medianResult,
  printResults,
  skopeoSync,
  withRegistries
} from '../lib/index.js'
import type { BenchResult } from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}

export const peerSkopeo: BenchScenario = {
  name: 'peer-skopeo',
  description: 'baseline: skopeo sync --all of a seeded workload between two local registries',
  run: async (args) => {
    const repositories = flag(args, 'repos', 5)
    const imagesPerRepository = flag(args, 'images', 4)
    const layerSize = flag(args, 'layer', 100 * 1024)
    const runs: BenchResult[] = []
    await withRegistries(1, {}, async ([source]) => {
      const { images } = await seedWorkload(source, {
        prefix: 'staging',
        repositories,
        imagesPerRepository,
        layerSize,
        seed: 'bench'
      })
      for (let run = 0; run < flag(args, 'runs', 3); run++) {
        clearSkopeoCache()
        await withRegistries(1, {}, async ([dest]) => {
          const counted = await countRequests([source, dest], () =>
            skopeoSync(source, images, dest, 'prod')
          )
          if (counted.result.exitCode !== 0)
            throw new Error(`skopeo sync failed: ${counted.result.stderr.slice(-500)}`)
          runs.push({
            scenario: `peer-skopeo ${repositories}x${imagesPerRepository}`,
            tool: 'skopeo sync',
            requests: counted.total,
            bytes: counted.bytes,
            wallMs: counted.result.wallMs,
            peakRssMb: counted.result.peakRssMb
          })
        })
      }
    })
    const results = [medianResult(runs)]
    printResults(results)
    return { results }
  }
}
