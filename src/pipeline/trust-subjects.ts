// Which digests the trust phases look at: source digests about to be promoted (provenance,
// validate), and promoted digests whose signing repository this run handles (sign, attest).
import type { SourcePosition } from '../errors.js'
import {
  edgeInScope,
  matchesImage,
  normalizeRegistry,
  type ManifestProvenance
} from '../manifest/index.js'
import type { ApplicablePolicy, ProvenanceSubject } from '../trust/phases/provenance.js'
import type { ProvenanceMode, ProvenancePolicy } from '../trust/phases/provenance-policy.js'
import { SLSA_PROVENANCE_V1 } from '../trust/statement.js'
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

/** kpromo's build provenance types: what counts as provenance under a manifest's policy. */
const BUILD_PROVENANCE_TYPES = [SLSA_PROVENANCE_V1, 'https://slsa.dev/provenance/v0.2']

/**
 * A manifest's enabled `provenance:` block as the trust layer's policy (undefined when off). Its
 * `predicateTypes` are what kpromo means by them: types that must be attested besides provenance.
 */
export function manifestPolicy(block?: ManifestProvenance): ProvenancePolicy | undefined {
  if (!block || block.mode === 'off') return undefined
  const { position: _position, predicateTypes, ...policy } = block
  return {
    ...policy,
    predicateTypes: BUILD_PROVENANCE_TYPES,
    ...(predicateTypes?.length && { requiredPredicateTypes: predicateTypes })
  }
}

/**
 * kpromo's ApplicableProvenancePolicies: the enabled policies of every source registry that
 * contains the repository (source registries nest), each with the image name relative to it.
 * Manifests of one source registry declare the same policy (checked when they are loaded).
 */
function applicablePolicies(ctx: RunContext, repository: string): ApplicablePolicy[] {
  const bySource = new Map<string, ProvenancePolicy>()
  for (const m of ctx.manifests?.manifests ?? []) {
    const policy = manifestPolicy(m.provenance)
    if (policy) bySource.set(normalizeRegistry(m.source.name), policy)
  }
  const repo = normalizeRegistry(repository)
  return [...bySource.keys()].sort().flatMap((src) => {
    const image =
      repo === src ? '' : repo.startsWith(`${src}/`) ? repo.slice(src.length + 1) : undefined
    if (image === undefined) return []
    const policy = bySource.get(src)!
    const matching = (policy.levels ?? []).filter((l) =>
      l.images.some((p) => matchesImage(p, image))
    )
    return [{ policy, image, requiredLevel: Math.max(0, ...matching.map((l) => l.level)) }]
  })
}

/**
 * Unique source digests to check for provenance, each with the manifest policies that apply to
 * its repository; a digest under none gets the run-wide policy and is left out when that is off.
 */
export function provenanceSubjects(ctx: RunContext, runMode: ProvenanceMode): ProvenanceSubject[] {
  const subjects = new Map<string, ProvenanceSubject>()
  for (const e of ctx.plan?.edges ?? []) {
    if (e.state !== 'promote') continue
    const key = sourceKey(e.source, e.edge.digest)
    const subject = subjects.get(key)
    if (!subject)
      subjects.set(key, { repository: e.source, digest: e.edge.digest, positions: [e.position] })
    else addPosition(subject.positions, e.position)
  }
  return [...subjects.values()].flatMap((subject) => {
    const policies = applicablePolicies(ctx, subject.repository)
    if (policies.length) return [{ ...subject, policies }]
    return runMode === 'off' ? [] : [subject]
  })
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
