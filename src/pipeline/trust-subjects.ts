// Which digests the trust phases look at: source digests about to be promoted (provenance,
// validate), and promoted digests whose signing repository this run handles (sign, attest).
import type { SourcePosition } from '../errors.js'
import { edgeInScope } from '../manifest/scope.js'
import { signingTargets, type TargetOptions } from '../trust/phases/targets.js'
import type { DigestSubject, PromotedImage } from '../trust/phases/types.js'
import { joinRepository } from '../oci/ref.js'
import { sourceKey, type RunContext } from './context.js'

function addPosition(list: SourcePosition[], position: SourcePosition): void {
  if (!list.some((p) => p.file === position.file && p.line === position.line)) list.push(position)
}

/** Unique source digests of edges the plan will promote. */
export function sourceSubjects(ctx: RunContext): DigestSubject[] {
  const subjects = new Map<string, DigestSubject>()
  for (const e of ctx.plan?.edges ?? []) {
    if (e.state !== 'promote') continue
    const key = sourceKey(e.source, e.edge.digest)
    let subject = subjects.get(key)
    if (!subject)
      subjects.set(key, (subject = { repository: e.source, digest: e.edge.digest, positions: [] }))
    addPosition(subject.positions, e.position)
  }
  return [...subjects.values()]
}

const PRESENT = new Set(['done', 'copied', 'exists'])

/** The state of each (destination repository, digest) this run knows, after promote. */
function presentDestinations(ctx: RunContext): Set<string> {
  const results = new Map((ctx.promote?.results ?? []).map((r) => [r.id, r.state]))
  const present = new Set<string>()
  for (const e of ctx.plan?.edges ?? []) {
    const key = `${e.destination}@${e.edge.digest}`
    const state = e.state === 'promote' ? results.get(key) : e.state
    if (state && PRESENT.has(state)) present.add(key)
  }
  return present
}

/**
 * Promoted images to sign and attest. Destinations come from every in-scope edge (not just this
 * shard's), so the signing repository is the same in every shard; an image is kept only when its
 * signing repository holds the digest now, through this run.
 */
export function promotedImages(ctx: RunContext, targetOptions: TargetOptions): PromotedImage[] {
  const images = new Map<string, PromotedImage>()
  for (const e of ctx.allEdges ?? []) {
    if (ctx.selection && !edgeInScope(e, ctx.selection)) continue
    const source = joinRepository(e.srcRegistry, e.image)
    const key = sourceKey(source, e.digest)
    let image = images.get(key)
    if (!image) {
      image = {
        source,
        digest: e.digest,
        destinations: [],
        tags: [],
        positions: [],
        manifestFile: e.position.file
      }
      images.set(key, image)
    }
    const destination = joinRepository(e.dstRegistry, e.image)
    if (!image.destinations.includes(destination)) image.destinations.push(destination)
    if (e.tag && !image.tags.includes(e.tag)) image.tags.push(e.tag)
    addPosition(image.positions, e.position)
  }
  const present = presentDestinations(ctx)
  const keep = new Set(
    signingTargets([...images.values()], targetOptions)
      .filter((t) => present.has(`${t.repository}@${t.digest}`))
      .flatMap((t) => t.images)
  )
  return [...images.values()].filter((i) => keep.has(i))
}
