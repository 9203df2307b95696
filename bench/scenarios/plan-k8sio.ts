// `npm run bench -- plan-k8sio DIR`: the built CLI (`dist/cli/index.js plan`) plans a full
// thin-manifest tree (e.g. registry.k8s.io's) against one empty local registry, every registry
// host rewritten onto it with --registry-map. Expect every edge `lost`; reports the CLI process's
// requests, wall time and peak RSS (goal: under 600 MB).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildEdges, loadManifests } from '../../src/manifest/index.js'
import { parseRepository } from '../../src/oci/ref.js'
import { countRequests, printResults, withRegistries } from '../lib/index.js'
import { runPeer } from '../lib/peer.js'
import type { BenchScenario } from '../scenario.js'

const CLI = join(process.cwd(), 'dist', 'cli', 'index.js')
const SUMMARY =
  /^plan: (\d+) edges, (\d+) done, (\d+) to promote(?:, (\d+) lost)?.*\((\d+) registry reads, (\d+) HTTP/m

/** Every registry host the tree's manifests name. */
async function hostsOf(dir: string): Promise<string[]> {
  const set = await loadManifests({ thinManifestDir: dir })
  const hosts = new Set<string>()
  for (const e of buildEdges(set.manifests).edges) {
    for (const name of [e.srcRegistry, e.dstRegistry]) {
      const r = parseRepository(name)
      if (r.kind === 'registry') hosts.add(r.host)
    }
  }
  return [...hosts]
}

export const planK8sio: BenchScenario = {
  name: 'plan-k8sio',
  description:
    'the CLI plans a whole thin-manifest tree against an empty local registry: plan-k8sio DIR',
  run: async (args) => {
    const dir = args[0]
    if (!dir) throw new Error('usage: npm run bench -- plan-k8sio THIN-MANIFEST-DIR')
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`)
    const hosts = await hostsOf(dir)
    await withRegistries(1, {}, async ([local]) => {
      const map = hosts.flatMap((h) => ['--registry-map', `${h}=${local!.host}/${h}`])
      // Loopback: lift the default 50 requests/s pacing, which would dominate the wall time.
      const pacing = ['--max-requests-per-second', '5000', '--max-concurrency', '64']
      const counted = await countRequests([local!], () =>
        runPeer(process.execPath, [CLI, 'plan', '--thin-manifest-dir', dir, ...map, ...pacing])
      )
      const run = counted.result
      const summary = SUMMARY.exec(run.stdout)
      if (!summary)
        throw new Error(`no plan summary (exit ${run.exitCode}): ${run.stderr.slice(-500)}`)
      const [total, done, promote, lost, reads, http] = summary.slice(1).map((n) => Number(n ?? 0))
      printResults([
        {
          scenario: 'plan-k8sio',
          tool: 'image-promoter',
          requests: counted.total,
          bytes: 0,
          wallMs: run.wallMs,
          peakRssMb: run.peakRssMb,
          extra: {
            counts: { total, done, promote, lost },
            reads,
            cliHttpRequests: http,
            exitCode: run.exitCode,
            allLost: lost === total
          }
        }
      ])
    })
  }
}
