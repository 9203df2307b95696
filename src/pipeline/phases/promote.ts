// promote: copy every `promote` edge the trust checks did not block. One copy request per
// (destination repository, digest) carrying all its tags; results map back to manifest lines.
import type { SourcePosition } from '../../errors.js'
import type { PlannedEdge } from '../../plan/index.js'
import { promote, type CopyRequest, type CopyResult } from '../../promote/index.js'
import type { PhaseOutcome } from '../runner.js'
import { log, sourceKey, type RunContext } from '../context.js'

export interface CopyGroup {
  request: CopyRequest
  edges: PlannedEdge[]
}

/** Group promotable edges into copy requests (id = `destination@digest`). */
export function copyGroups(ctx: RunContext): CopyGroup[] {
  const groups = new Map<string, CopyGroup>()
  for (const e of ctx.plan?.edges ?? []) {
    if (e.state !== 'promote' || ctx.blocked.has(sourceKey(e.source, e.edge.digest))) continue
    const id = `${e.destination}@${e.edge.digest}`
    let group = groups.get(id)
    if (!group) {
      const source = ctx.stores.resolve(e.source)
      const destination = ctx.stores.resolve(e.destination)
      group = {
        request: { id, source, destination, digest: e.edge.digest, tags: [] },
        edges: []
      }
      groups.set(id, group)
    }
    if (e.edge.tag !== '') group.request.tags.push(e.edge.tag)
    group.edges.push(e)
  }
  return [...groups.values()]
}

/** What was just written is known: the next run's plan can answer it from the cache. */
async function recordInCache(
  ctx: RunContext,
  groups: CopyGroup[],
  results: CopyResult[]
): Promise<void> {
  if (!ctx.cache) return
  const byId = new Map(groups.map((g) => [g.request.id, g]))
  for (const r of results) {
    if (r.state !== 'copied' && r.state !== 'exists') continue
    const group = byId.get(r.id)!
    const repository = group.edges[0]!.destination
    ctx.cache.recordDigest(repository, group.request.digest, true)
    for (const tag of r.tags)
      if (tag.state !== 'conflict') ctx.cache.recordTag(repository, tag.tag, group.request.digest)
  }
  await ctx.cache.save()
}

export async function promotePhase(ctx: RunContext): Promise<PhaseOutcome> {
  const groups = copyGroups(ctx)
  if (groups.length === 0) {
    log(ctx, 'promote: nothing to copy')
    return 'continue'
  }
  log(ctx, `promote: copying ${groups.length} (repository, digest) pairs`)
  const result = await promote(
    groups.map((g) => g.request),
    {
      concurrency: ctx.options.copyConcurrency,
      copyReferrers: ctx.options.copyReferrers,
      failFast: ctx.options.failFast,
      onProgress: ctx.options.onProgress,
      signal: ctx.options.signal
    }
  )
  ctx.promote = result
  const byId = new Map(groups.map((g) => [g.request.id, g]))
  for (const r of result.results) {
    if (r.state !== 'conflict' && r.state !== 'failed') continue
    const group = byId.get(r.id)!
    const tolerated = ctx.options.tolerate.includes(r.state === 'conflict' ? 'conflict' : 'error')
    const positions = new Map<string, SourcePosition>(
      group.edges.map((e) => [`${e.position.file}:${e.position.line}`, e.position])
    )
    for (const position of positions.values()) {
      ctx.problems.push({
        severity: tolerated ? 'warning' : 'error',
        kind: r.state === 'conflict' ? 'conflict' : 'copy',
        message: `${r.id}: ${r.reason ?? r.state}`,
        position,
        image: group.edges[0]!.edge.image,
        digest: group.request.digest,
        registry: group.edges[0]!.edge.dstRegistry
      })
    }
  }
  await recordInCache(ctx, groups, result.results)
  const t = result.totals
  log(
    ctx,
    `promote: ${t.copied} copied, ${t.exists} already there, ${t.conflict} conflicts, ${t.failed} failed; ${t.mounts} mounts, ${t.bytes} bytes streamed`
  )
  return 'continue'
}
