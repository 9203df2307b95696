// Which digests the trust phases look at: source digests about to be promoted (provenance,
// validate), and promoted digests whose signing repository this run handles (sign, attest).
import type { SourcePosition } from '../errors.js'
import { edgeInScope, type ManifestProvenance } from '../manifest/index.js'
import type { ProvenanceSubject } from '../trust/phases/provenance.js'
import type { ProvenanceMode } from '../trust/phases/provenance-policy.js'
import { signingTargets, type TargetOptions } from '../trust/phases/targets.js'
import type { DigestSubject, PromotedImage } from '../trust/phases/types.js'
import { joinRepository } from '../oci/ref.js'
import { sourceKey, type RunContext } from './context.js'

const samePlace = (a: SourcePosition, b: SourcePosition): boolean =>
  a.file === b.file && a.line === b.line

function addPosition(list: SourcePosition[], position: SourcePosition): void {
  if (!list.some((p) => samePlace(p, position))) list.push(position)
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

const STRICTNESS: Record<ProvenanceMode, number> = { off: 0, warn: 1, require: 2 }

type Candidate = ProvenanceSubject & { block?: ManifestProvenance }

/**
 * Unique source digests to check for provenance, each with its manifest's `provenance:` block
 * as the policy override. A digest named by several manifests gets the block of the one with the
 * strictest effective mode (require > warn > off; a manifest without a block has the run's mode),
 * whole, and that manifest's line first; on a tie, the first manifest's. Digests whose effective
 * mode is off are left out: they are not checked.
 */
export function provenanceSubjects(ctx: RunContext, runMode: ProvenanceMode): ProvenanceSubject[] {
  const blocks = new Map(ctx.manifests?.manifests.map((m) => [m.imagesFile, m.provenance]))
  const strictness = (c?: ManifestProvenance) => STRICTNESS[c?.mode ?? runMode]
  const subjects = new Map<string, Candidate>()
  for (const e of ctx.plan?.edges ?? []) {
    if (e.state !== 'promote') continue
    const key = sourceKey(e.source, e.edge.digest)
    const block = blocks.get(e.position.file)
    const subject = subjects.get(key)
    if (!subject)
      subjects.set(key, {
        repository: e.source,
        digest: e.edge.digest,
        positions: [e.position],
        block
      })
    else if (strictness(block) > strictness(subject.block)) {
      subject.block = block
      subject.positions = [
        e.position,
        ...subject.positions.filter((p) => !samePlace(p, e.position))
      ]
    } else addPosition(subject.positions, e.position)
  }
  return [...subjects.values()]
    .filter((s) => strictness(s.block) > STRICTNESS.off)
    .map(({ block, ...subject }) => (block ? { ...subject, policy: policyOf(block) } : subject))
}

/** The block as a trust-layer policy override: the same fields, without its position. */
function policyOf(block: ManifestProvenance): ProvenanceSubject['policy'] {
  const { position: _position, ...policy } = block
  return policy
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
