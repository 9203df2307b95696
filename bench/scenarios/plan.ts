// `npm run bench -- plan-pr|plan-full-cold|plan-full-warm [--repos R] [--images N]`: the plan
// phase on a k8s.io-shaped workload (plan-world.ts), with the registry requests it caused (from
// the registries' access logs, auth included), wall time, and kpromo's request count beside it.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { imagesYaml } from '../../__tests__/harness/seed.js'
import { buildEdges, loadManifests } from '../../src/manifest/index.js'
import type { Edge } from '../../src/manifest/model.js'
import { edgeInScope, resolveScope } from '../../src/manifest/scope.js'
import { computePlan, InventoryCache, type Plan } from '../../src/plan/index.js'
import {
  countRequests,
  measure,
  printResults,
  withRegistries,
  type BenchResult
} from '../lib/index.js'
import type { BenchScenario } from '../scenario.js'
import { benchStores, kpromoRequests, seedPlanWorld, type PlanWorld } from './plan-world.js'

interface Run {
  plan: Plan
  requests: number
  wallMs: number
  peakRssMb: number
  byKind: Record<string, number>
}

async function runPlan(world: PlanWorld, edges: Edge[], cacheDir?: string): Promise<Run> {
  const { client, resolve } = benchStores()
  const cache = cacheDir ? new InventoryCache(cacheDir) : undefined
  const registries = [world.source, ...world.destinations]
  const counted = await countRequests(registries, () =>
    measure(() => computePlan({ edges, resolve, cache }))
  )
  await client.close()
  const byKind: Record<string, number> = {}
  for (const s of counted.perRegistry)
    for (const [k, v] of Object.entries(s.by)) byKind[k] = (byKind[k] ?? 0) + v
  const { result, wallMs, peakRssMb } = counted.result
  return { plan: result, requests: counted.total, wallMs, peakRssMb, byKind }
}

async function edgesAt(root: string): Promise<Edge[]> {
  const set = await loadManifests({ thinManifestDir: root })
  return buildEdges(set.manifests).edges
}

/** Unique (repository, reference) pairs a certain plan must know: sources, then live destinations. */
function neededReferences(plan: Plan): number {
  const refs = new Set<string>()
  for (const e of plan.edges) {
    refs.add(`${e.source}@${e.edge.digest}`)
    if (e.state !== 'lost')
      refs.add(
        e.edge.tag === '' ? `${e.destination}@${e.edge.digest}` : `${e.destination}:${e.edge.tag}`
      )
  }
  return refs.size
}

function result(
  scenario: string,
  run: Run,
  edges: Edge[],
  goal: Record<string, unknown>
): BenchResult {
  return {
    scenario,
    tool: 'image-promoter',
    requests: run.requests,
    bytes: 0,
    wallMs: run.wallMs,
    peakRssMb: run.peakRssMb,
    extra: {
      kpromoRequests: kpromoRequests(edges),
      ratio: +(run.requests / kpromoRequests(edges)).toFixed(2),
      counts: run.plan.counts,
      reads: run.plan.requests,
      byKind: run.byKind,
      ...goal
    }
  }
}

function scenario(
  name: string,
  description: string,
  body: (world: PlanWorld) => Promise<BenchResult>
): BenchScenario {
  return {
    name,
    description,
    run: (args) =>
      withRegistries(4, {}, async (registries) => {
        const r = await body(await seedPlanWorld(args, registries))
        printResults([r])
        const kpromo = r.extra!.kpromoRequests as number
        console.log(
          `\n${r.scenario}: ${r.requests} requests vs ${kpromo} for kpromo's strategy (one tag list per repository touched): ${(r.requests / kpromo).toFixed(2)}x; goal met: ${String(r.extra!.met)}`
        )
      })
  }
}

export const planPr = scenario(
  'plan-pr',
  'plan of a one-digest pull request (diff scope) on 3 destinations',
  async (world) => {
    // The PR adds one tagged digest of a repository not promoted yet: drop it from a base commit.
    const added = world.images.filter((i) => i.tags.length > 0).at(-1)!
    const file = join(world.root, 'images/k8s/images.yaml')
    writeFileSync(file, imagesYaml(world.images.filter((i) => i !== added)))
    world.git('commit', '-q', '-am', 'base without the new digest')
    const base = world.git('rev-parse', 'HEAD').trim()
    writeFileSync(file, imagesYaml(world.images))
    world.git('commit', '-q', '-am', 'add one digest')
    const selection = await resolveScope({ kind: 'changed', base }, { manifestRoot: world.root })
    const edges = (await edgesAt(world.root)).filter((e) => edgeInScope(e, selection))
    const run = await runPlan(world, edges)
    const goal = 1 + world.destinations.length * added.tags.length
    return result('plan-pr', run, edges, {
      goal: `<= ${goal} + auth`,
      met: run.plan.requests.total <= goal
    })
  }
)

export const planFullCold = scenario(
  'plan-full-cold',
  'plan of every edge, no cache',
  async (world) => {
    const edges = await edgesAt(world.root)
    const run = await runPlan(world, edges)
    const needed = neededReferences(run.plan)
    return result('plan-full-cold', run, edges, {
      neededReferences: needed,
      met: run.plan.requests.total <= needed
    })
  }
)

export const planFullWarm = scenario(
  'plan-full-warm',
  'plan of every edge after a cold plan filled the cache',
  async (world) => {
    const edges = await edgesAt(world.root)
    const cacheDir = mkdtempSync(join(tmpdir(), 'bench-plan-cache-'))
    await runPlan(world, edges, cacheDir)
    const run = await runPlan(world, edges, cacheDir)
    const destinationRepos = new Set(edges.map((e) => `${e.dstRegistry}/${e.image}`)).size
    const { tagLists, destinationHeads } = run.plan.requests
    return result('plan-full-warm', run, edges, {
      destinationRepos,
      met: tagLists <= destinationRepos && destinationHeads === 0
    })
  }
)
