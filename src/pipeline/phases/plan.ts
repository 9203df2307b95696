// plan: load and validate the manifests, narrow them to the scope (and shard), and classify every
// edge against the registries. Manifest errors stop the run here, before any registry request.
import {
  buildEdges,
  edgeInScope,
  loadManifests,
  resolveScope,
  scopeIsEmpty,
  type Edge
} from '../../manifest/index.js'
import { isDigest } from '../../oci/digest.js'
import { isTag } from '../../oci/ref.js'
import { applyRegistryMap, computePlan, InventoryCache } from '../../plan/index.js'
import type { PhaseOutcome } from '../runner.js'
import { log, type RunContext } from '../context.js'
import { manifestProblem, planProblems } from '../problems.js'
import { provenanceSignerErrors } from '../provenance-signers.js'
import { assignShards, inShard } from '../shard.js'

/**
 * kpromo accepts malformed digests and tags in thin manifests (validation warns about them, as
 * real trees have some); they can never be promoted, so an in-scope one is an error of its own
 * edges and is not sent to any registry.
 */
function dropMalformed(ctx: RunContext, edges: Edge[]): Edge[] {
  const seen = new Set<string>()
  return edges.filter((e) => {
    const what = !isDigest(e.digest)
      ? `digest "${e.digest}"`
      : e.tag !== '' && !isTag(e.tag)
        ? `tag "${e.tag}"`
        : undefined
    if (!what) return true
    const key = `${e.position.file}:${e.position.line}:${what}`
    if (!seen.has(key)) {
      seen.add(key)
      ctx.problems.push({
        severity: 'error',
        kind: 'manifest',
        message: `${e.image}: invalid ${what} cannot be promoted; fix it in the manifest`,
        position: e.position,
        image: e.image
      })
    }
    return false
  })
}

const PLAN_PROGRESS_EVERY_MS = 15_000

export async function planPhase(ctx: RunContext): Promise<PhaseOutcome> {
  const { options } = ctx
  const set = await loadManifests({
    manifest: options.manifest,
    thinManifestDir: options.thinManifestDir
  })
  ctx.manifests = set
  ctx.problems.push(...set.warnings.map((w) => manifestProblem(w, 'warning')))
  const { edges, errors } = buildEdges(set.manifests)
  const invalid = [
    ...set.errors,
    ...errors,
    ...provenanceSignerErrors(set.manifests, options.trust)
  ]
  if (invalid.length > 0) {
    ctx.problems.push(...invalid.map((e) => manifestProblem(e, 'error')))
    return {
      stop: `${invalid.length} manifest error${invalid.length === 1 ? '' : 's'}: nothing was read or written`
    }
  }
  applyRegistryMap(edges, options.registryMap ?? [])
  ctx.allEdges = edges
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
  scoped = dropMalformed(ctx, scoped)
  if (scoped.length === 0) return { stop: 'nothing to promote: no edge in scope' }
  // A run that writes decides from live reads only; the cache answers read-only plans.
  if (options.cacheDir)
    ctx.cache = new InventoryCache(options.cacheDir, {
      maxAgeMs: options.cacheMaxAgeMs,
      answers: !options.confirm
    })
  log(ctx, `planning ${scoped.length} edges from ${set.manifests.length} manifests`)
  // A full plan on registries without Google's listing takes minutes: say it is moving.
  const started = Date.now()
  const progress = setInterval(
    () =>
      log(
        ctx,
        `plan: ${ctx.stores.stats().requests} registry requests in ${Math.round((Date.now() - started) / 1000)} s`
      ),
    PLAN_PROGRESS_EVERY_MS
  )
  progress.unref()
  try {
    ctx.plan = await computePlan({
      edges: scoped,
      resolve: ctx.stores.resolve,
      cache: ctx.cache,
      options: {
        requestCounter: () => ctx.stores.stats().requests,
        checkLostDestinations: options.checkLostDestinations
      }
    })
  } finally {
    clearInterval(progress)
  }
  if (ctx.cache?.saveError) log(ctx, `inventory cache not saved: ${ctx.cache.saveError}`)
  ctx.problems.push(...planProblems(ctx.plan.edges, options.tolerate))
  const c = ctx.plan.counts
  log(
    ctx,
    `plan: ${c.promote} to promote, ${c.done} done, ${c.lost} lost, ${c.conflict} conflicts, ${c.error} errors`
  )
  if (options.planOnly) return { stop: 'plan only (--parse-only)' }
  return 'continue'
}
