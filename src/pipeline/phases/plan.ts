// plan: load and validate the manifests, narrow them to the scope (and shard), and classify every
// edge against the registries. Manifest errors stop the run here, before any registry request.
import { buildEdges, loadManifests } from '../../manifest/index.js'
import { edgeInScope, resolveScope, scopeIsEmpty } from '../../manifest/scope.js'
import { computePlan, InventoryCache, mapEdges } from '../../plan/index.js'
import type { PhaseOutcome } from '../runner.js'
import { log, type RunContext } from '../context.js'
import { manifestProblem, planProblems } from '../problems.js'
import { assignShards, inShard } from '../shard.js'

export async function planPhase(ctx: RunContext): Promise<PhaseOutcome> {
  const { options } = ctx
  const set = await loadManifests({
    manifest: options.manifest,
    thinManifestDir: options.thinManifestDir
  })
  ctx.manifests = set
  ctx.problems.push(...set.warnings.map((w) => manifestProblem(w, 'warning')))
  const { edges, errors } = buildEdges(set.manifests)
  const invalid = [...set.errors, ...errors]
  if (invalid.length > 0) {
    ctx.problems.push(...invalid.map((e) => manifestProblem(e, 'error')))
    return {
      stop: `${invalid.length} manifest error${invalid.length === 1 ? '' : 's'}: nothing was read or written`
    }
  }
  ctx.allEdges = mapEdges(edges, options.registryMap ?? [])
  const selection = await resolveScope(options.scope, {
    manifestRoot: set.root,
    remote: options.gitRemote
  })
  ctx.selection = selection
  if (scopeIsEmpty(selection))
    return { stop: 'nothing to promote: no digest changed in the manifests' }
  let scoped = ctx.allEdges.filter((e) => edgeInScope(e, selection))
  if (options.shard) {
    const assignment = assignShards(ctx.allEdges, options.shard.count)
    scoped = scoped.filter((e) => inShard(e, assignment, options.shard!))
    log(
      ctx,
      `shard ${options.shard.index}/${options.shard.count}: ${scoped.length} edges on its hosts`
    )
  }
  if (scoped.length === 0) return { stop: 'nothing to promote: no edge in scope' }
  if (options.cacheDir)
    ctx.cache = new InventoryCache(options.cacheDir, { maxAgeMs: options.cacheMaxAgeMs })
  log(ctx, `planning ${scoped.length} edges from ${set.manifests.length} manifests`)
  ctx.plan = await computePlan({
    edges: scoped,
    resolve: ctx.stores.resolve,
    cache: ctx.cache,
    options: { requestCounter: () => ctx.stores.stats().requests }
  })
  ctx.problems.push(...planProblems(ctx.plan.edges, options.tolerate))
  const c = ctx.plan.counts
  log(
    ctx,
    `plan: ${c.promote} to promote, ${c.done} done, ${c.lost} lost, ${c.conflict} conflicts, ${c.error} errors`
  )
  if (options.planOnly) return { stop: 'plan only (--parse-only)' }
  return 'continue'
}
