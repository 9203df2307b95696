// `npm run bench -- plan-k8sio DIR`: plan a full thin-manifest tree (e.g. registry.k8s.io's)
// against one empty local registry, every registry host rewritten onto it with the registry map.
// Expect every edge `lost`; prints requests, wall time and peak RSS (goal: under 600 MB). The live
// heap peaks near 230 MB; V8's lazy old-space growth lets RSS reach ~680 MB unless the heap is
// capped, e.g. NODE_OPTIONS=--max-old-space-size=320 (peak RSS ~475 MB, measured).
import { buildEdges, loadManifests } from '../../src/manifest/index.js'
import { parseRepository } from '../../src/oci/ref.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { computePlan, parseRegistryMap } from '../../src/plan/index.js'
import { measure, printResults, withRegistries } from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'

function hostsOf(names: Iterable<string>): Set<string> {
  const hosts = new Set<string>()
  for (const n of names) {
    const r = parseRepository(n)
    if (r.kind === 'registry') hosts.add(r.host)
  }
  return hosts
}

export const planK8sio: BenchScenario = {
  name: 'plan-k8sio',
  description: 'plan a whole thin-manifest tree against an empty local registry: plan-k8sio DIR',
  run: async (args) => {
    const dir = args[0]
    if (!dir) throw new Error('usage: npm run bench -- plan-k8sio THIN-MANIFEST-DIR')
    await withRegistries(1, {}, async ([local]) => {
      // Loopback: lift the default 50 requests/s pacing, which would dominate the wall time.
      const client = new RegistryClient({
        readOnly: true,
        defaults: { requestsPerSecond: 5000, concurrency: 64 }
      })
      const resolve = (name: string) => {
        const r = parseRepository(name)
        if (r.kind !== 'registry') throw new Error(`not a registry: ${name}`)
        return { store: client.store(r.host), repo: r.path }
      }
      const measured = await measure(async () => {
        const set = await loadManifests({ thinManifestDir: dir })
        const { edges } = buildEdges(set.manifests)
        const registries = new Set<string>()
        for (const e of edges) registries.add(e.srcRegistry).add(e.dstRegistry)
        const map = parseRegistryMap(
          [...hostsOf(registries)].map((h) => `${h}=${local!.host}/${h}`)
        )
        return computePlan({
          edges,
          resolve,
          options: { registryMap: map, requestCounter: () => client.stats().requests }
        })
      })
      await client.close()
      const plan = measured.result
      printResults([
        {
          scenario: 'plan-k8sio',
          tool: 'image-promoter',
          requests: plan.requests.http ?? plan.requests.total,
          bytes: 0,
          wallMs: measured.wallMs,
          peakRssMb: measured.peakRssMb,
          extra: {
            errors: [
              ...new Set(
                plan.edges.filter((e) => e.state === 'error').map((e) => `${e.source}: ${e.reason}`)
              )
            ].slice(0, 5),
            counts: plan.counts,
            reads: plan.requests,
            allLost: plan.counts.lost === plan.counts.total
          }
        }
      ])
    })
  }
}
