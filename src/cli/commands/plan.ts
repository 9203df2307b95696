// `image-promoter plan`: load manifests, narrow them to the diff scope, read the registries
// (never writing) and print the plan as text or JSON. Exit 1 when edges are lost, conflicting
// or unreadable (unless --allow says otherwise), 2 on usage errors.
import { dirname, resolve } from 'node:path'
import { errorMessage } from '../../errors.js'
import { buildEdges, loadManifests, type ManifestError } from '../../manifest/index.js'
import { edgeInScope, resolveScope, scopeIsEmpty } from '../../manifest/scope.js'
import {
  computePlan,
  emptyPlan,
  InventoryCache,
  planHasFailures,
  planToJson,
  type Plan
} from '../../plan/index.js'
import { renderPlanText } from '../../report/plan-text.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { parsePlanArgs, PLAN_USAGE, type PlanArgs } from './plan-args.js'
import { openReadOnlyStores } from './plan-stores.js'

function manifestLine(error: ManifestError): string {
  const { file, line, column } = error.position
  return `${file}:${line}:${column}: ${error.hint ? `${error.message} (${error.hint})` : error.message}\n`
}

function print(io: CliIo, plan: Plan, json: boolean): void {
  io.stdout(json ? `${JSON.stringify(planToJson(plan), null, 2)}\n` : renderPlanText(plan))
}

async function plan(options: PlanArgs, io: CliIo): Promise<number> {
  const manifest = options.manifest && resolve(io.cwd, options.manifest)
  const thinDir = options.thinManifestDir && resolve(io.cwd, options.thinManifestDir)
  const root = manifest ? dirname(manifest) : thinDir!
  const selection = await resolveScope(options.scope, { manifestRoot: root })
  if (scopeIsEmpty(selection)) {
    print(io, emptyPlan(), options.json)
    return EXIT.ok
  }
  const set = await loadManifests({
    manifest,
    thinManifestDir: thinDir,
    digestFilter:
      selection.kind === 'all' ? undefined : (_image, digest) => selection.digests.has(digest)
  })
  const edgeSet = buildEdges(set.manifests)
  const errors = [...set.errors, ...edgeSet.errors]
  if (errors.length > 0) {
    for (const e of errors) io.stderr(manifestLine(e))
    io.stderr(
      `image-promoter plan: ${errors.length} manifest errors; run 'image-promoter validate' for details\n`
    )
    return EXIT.failed
  }
  const edges =
    selection.kind === 'all'
      ? edgeSet.edges
      : edgeSet.edges.filter((e) => edgeInScope(e, selection))
  const stores = openReadOnlyStores(io, set.root)
  try {
    const cache = options.cacheDir
      ? new InventoryCache(resolve(io.cwd, options.cacheDir), { maxAgeMs: options.cacheMaxAgeMs })
      : undefined
    const result = await computePlan({
      edges,
      resolve: stores.resolve,
      cache,
      options: {
        requestCounter: stores.requests,
        checkLostDestinations: options.checkLostDestinations,
        registryMap: options.registryMap
      }
    })
    print(io, result, options.json)
    return planHasFailures(result, options.allow) ? EXIT.failed : EXIT.ok
  } finally {
    await stores.close()
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  const options = parsePlanArgs(args)
  if (typeof options === 'string') {
    io.stderr(`image-promoter plan: ${options}\n\n${PLAN_USAGE}\n`)
    return EXIT.usage
  }
  try {
    return await plan(options, io)
  } catch (error) {
    io.stderr(`image-promoter plan: ${errorMessage(error)}\n`)
    return EXIT.failed
  }
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'decide what a promotion would do with every edge (reads registries, never writes)',
  usage: PLAN_USAGE,
  run
}
