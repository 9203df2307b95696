// plan: load and validate the manifests, narrow them to the scope (and shard), and classify every
// edge against the registries. Manifest errors stop the run here, before any registry request.
import { basename } from 'node:path'
import {
  buildEdges,
  edgeInScope,
  loadManifests,
  resolveScope,
  scopeIsEmpty,
  type ScopeSelection,
  type Edge
} from '../../manifest/index.js'
import { isDigest } from '../../oci/digest.js'
import { isTag, joinRepository } from '../../oci/ref.js'
import {
  applyRegistryMap,
  computePlan,
  countStates,
  emptyPlan,
  InventoryCache,
  type Plan,
  type PlannedEdge
} from '../../plan/index.js'
import type { PlanInputs } from '../../plan/index.js'
import type { PhaseOutcome } from '../runner.js'
import { log, type RunContext } from '../context.js'
import { manifestProblem, planProblems } from '../problems.js'
import { provenanceSignerErrors } from '../provenance-signers.js'
import { assignShards, inShard } from '../shard.js'

function remembered(check: (value: string) => boolean): (value: string) => boolean {
  const known = new Map<string, boolean>()
  return (value) => {
    let ok = known.get(value)
    if (ok === undefined) known.set(value, (ok = check(value)))
    return ok
  }
}

/**
 * kpromo accepts malformed digests and tags in thin manifests (validation warns about them, as
 * real trees have some); they can never be promoted, so an in-scope one is an error of its own
 * edges: it is not sent to any registry and is put in the plan as an `error` edge, so the plan's
 * counts (and a gate reading the plan JSON) see it.
 */
function dropMalformed(ctx: RunContext, edges: Edge[], refused: PlannedEdge[]): Edge[] {
  const seen = new Set<string>()
  // Checked once per distinct value: ~720,000 edges of a k8s.io plan share ~20,000 of each.
  const digestOk = remembered(isDigest)
  const tagOk = remembered(isTag)
  return edges.filter((e) => {
    const what = !digestOk(e.digest)
      ? `digest "${e.digest}"`
      : e.tag !== '' && !tagOk(e.tag)
        ? `tag "${e.tag}"`
        : undefined
    if (!what) return true
    const message = `${e.image}: invalid ${what} cannot be promoted; fix it in the manifest`
    refused.push({
      edge: e,
      source: joinRepository(e.srcRegistry, e.image),
      destination: joinRepository(e.dstRegistry, e.image),
      state: 'error',
      reason: `refused: invalid ${what}`,
      position: e.position
    })
    const key = `${e.position.file}:${e.position.line}:${what}`
    if (!seen.has(key)) {
      seen.add(key)
      ctx.problems.push({
        severity: 'error',
        kind: 'manifest',
        message,
        position: e.position,
        image: e.image
      })
    }
    return false
  })
}

/** The validator's warning on a line whose entry is now refused says the same thing: one error. */
function dropWarningsAt(ctx: RunContext, refused: readonly PlannedEdge[]): void {
  const lines = new Set(refused.map((r) => `${r.position.file}\0${r.position.line}`))
  const kept = ctx.problems.filter(
    (p) =>
      !(
        p.severity === 'warning' &&
        p.kind === 'manifest' &&
        p.position &&
        lines.has(`${p.position.file}\0${p.position.line}`)
      )
  )
  ctx.problems.splice(0, ctx.problems.length, ...kept) // in place: the array is shared
}

/** "destination X removed from the manifests (N images): nothing is deleted there", or ''. */
export function removedText(selection: ScopeSelection): string {
  if (selection.kind === 'all' || selection.removed.length === 0) return ''
  const parts = selection.removed.map(
    (r) =>
      `${r.whole ? 'destination ' : ''}${r.registry} ${r.whole ? 'removed from the manifests' : 'lost edges in the manifests'} (${r.images} image${r.images === 1 ? '' : 's'}, ${r.edges} edge${r.edges === 1 ? '' : 's'})`
  )
  return `${parts.join(', ')}: image-promoter never deletes, what is there stays`
}

const PLAN_PROGRESS_EVERY_MS = 15_000

/** computePlan, or the empty plan when every edge in scope was refused (no registry call). */
function planOrEmpty(edges: Edge[], input: Omit<PlanInputs, 'edges'>): Promise<Plan> {
  return edges.length === 0 ? Promise.resolve(emptyPlan()) : computePlan({ ...input, edges })
}

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
  // Scoped on edges before the registry map, so the base revision's edges compare as written.
  const selection = await resolveScope(options.scope, {
    manifestRoot: set.root,
    remote: options.gitRemote,
    edges: {
      head: edges,
      manifestFile: options.manifest === undefined ? undefined : basename(options.manifest)
    }
  })
  applyRegistryMap(edges, options.registryMap ?? [])
  ctx.allEdges = edges
  ctx.selection = selection
  const removed = removedText(selection)
  if (removed) log(ctx, removed)
  if (scopeIsEmpty(selection, edges))
    return {
      stop: `nothing to promote: no edge added in the manifests${removed ? `; ${removed}` : ''}`
    }
  let scoped = ctx.allEdges.filter((e) => edgeInScope(e, selection))
  if (options.shard) {
    const assignment = assignShards(ctx.allEdges, options.shard.count)
    scoped = scoped.filter((e) => inShard(e, assignment, options.shard!))
    log(
      ctx,
      `shard ${options.shard.index}/${options.shard.count}: ${scoped.length} edges on its hosts`
    )
  }
  const refused: PlannedEdge[] = []
  scoped = dropMalformed(ctx, scoped, refused)
  if (refused.length > 0) dropWarningsAt(ctx, refused)
  if (scoped.length === 0 && refused.length === 0)
    return { stop: 'nothing to promote: no edge in scope' }
  // A run that writes decides from live reads only; the cache answers read-only plans, and only
  // where the caller lets it (not a reconcile, which must see drift).
  if (options.cacheDir)
    ctx.cache = new InventoryCache(options.cacheDir, {
      maxAgeMs: options.cacheMaxAgeMs,
      answers: !options.confirm && options.cacheAnswers !== false
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
    ctx.plan = await planOrEmpty(scoped, {
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
  // Saved: a plan-only run is done with it (~90 MB for a k8s.io plan, held through the output).
  if (options.planOnly) ctx.cache = undefined
  // One by one: spread as arguments, ~120,000 problems (a cancelled full plan) overflow the stack.
  for (const problem of planProblems(ctx.plan.edges, options.tolerate)) ctx.problems.push(problem)
  // After planProblems: a refused edge has its manifest error already, and `allow` never hides it.
  if (refused.length > 0) {
    ctx.plan.edges.push(...refused)
    ctx.plan.counts = countStates(ctx.plan.edges)
  }
  const c = ctx.plan.counts
  log(
    ctx,
    `plan: ${c.promote} to promote, ${c.done} done, ${c.lost} lost, ${c.conflict} conflicts, ${c.error} errors`
  )
  if (options.planOnly) return { stop: 'plan only (--parse-only)' }
  return 'continue'
}
