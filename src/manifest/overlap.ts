// kpromo's overlap check (kpromo-compat §1.6): one destination repository and tag must name one
// digest across all manifests. Same digest twice is redundant and kept once; two digests are an
// error at every position involved. Tagless edges are only de-duplicated.
import { joinRepository } from '../oci/ref.js'
import { ManifestError, excerpt, quote } from './errors.js'
import { skipEdge, type EdgeUnit } from './edge-units.js'

/** Other positions named in one overlap error. */
const MAX_LISTED = 10

interface Claim {
  unit: EdgeUnit
  destinationIndex: number
  tagIndex: number
}

/** Check every tagged unit against the others; mark redundant edges; return overlap errors. */
export function checkOverlaps(units: EdgeUnit[]): ManifestError[] {
  const errors: ManifestError[] = []
  for (const group of candidateGroups(units)) {
    if (group.length > 1) errors.push(...checkGroup(group))
  }
  dedupeTagless(units)
  return errors
}

/**
 * Units that could share a destination repository and tag. Repositories are compared joined
 * (`registry/image`), and a registry path can absorb part of an image path, so units are
 * grouped by the last path segment of the image plus the tag, which no split can change.
 */
function candidateGroups(units: EdgeUnit[]): Iterable<Claim[]> {
  const groups = new Map<string, Claim[]>()
  for (const unit of units) {
    if (unit.tags[0] === '') continue
    const last = unit.image.slice(unit.image.lastIndexOf('/') + 1)
    unit.tags.forEach((tag, tagIndex) => {
      const key = `${last}\0${tag}`
      const group = groups.get(key)
      const claim = { unit, destinationIndex: -1, tagIndex }
      if (group) group.push(claim)
      else groups.set(key, [claim])
    })
  }
  return groups.values()
}

/** Exact comparison inside one candidate group: per repository, the first claim wins. */
function checkGroup(group: Claim[]): ManifestError[] {
  const owners = new Map<string, Claim>()
  const conflicts = new Conflicts()
  for (const { unit, tagIndex } of group) {
    unit.destinations.forEach((destination, destinationIndex) => {
      const repository = joinRepository(destination, unit.image)
      const claim = { unit, destinationIndex, tagIndex }
      const owner = owners.get(repository)
      if (!owner) owners.set(repository, claim)
      else if (owner.unit.digest === unit.digest) skipEdge(unit, destinationIndex, tagIndex)
      else conflicts.record(owner, claim)
    })
  }
  return [...conflicts.all()].map(([owner, others]) => overlapError(owner, [...others]))
}

/**
 * Conflicting claims, one entry per (unit, tag) rather than per destination: a claim is re-keyed
 * on the first claim seen for its unit and tag (a map lookup, so many conflicts stay linear).
 */
class Conflicts {
  private readonly others = new Map<Claim, Set<Claim>>()
  private readonly keys = new Map<EdgeUnit, Map<number, Claim>>()

  record(owner: Claim, claim: Claim): void {
    const ownerKey = this.canonical(owner)
    const claimKey = this.canonical(claim)
    this.others.get(ownerKey)!.add(claimKey)
    this.others.get(claimKey)!.add(ownerKey)
  }

  all(): Map<Claim, Set<Claim>> {
    return this.others
  }

  private canonical(claim: Claim): Claim {
    let byTag = this.keys.get(claim.unit)
    if (!byTag) this.keys.set(claim.unit, (byTag = new Map()))
    const key = byTag.get(claim.tagIndex)
    if (key) return key
    byTag.set(claim.tagIndex, claim)
    this.others.set(claim, new Set())
    return claim
  }
}

function overlapError(claim: Claim, others: Claim[]): ManifestError {
  const { unit, destinationIndex, tagIndex } = claim
  const tag = unit.tags[tagIndex]!
  const repository = joinRepository(unit.destinations[destinationIndex]!, unit.image)
  // A tag claimed by thousands of digests must not make a message (and the output) quadratic.
  const elsewhere = others
    .slice(0, MAX_LISTED)
    .map(({ unit: other, tagIndex: i }) => {
      const at = other.tagPositions[i]!
      return `${excerpt(other.digest)} at ${at.file}:${at.line}:${at.column}`
    })
    .join(', ')
  const more = others.length > MAX_LISTED ? ` and ${others.length - MAX_LISTED} more` : ''
  return new ManifestError(
    'OVERLAPPING_EDGES',
    `overlapping edges: tag ${quote(tag)} of ${quote(repository)} would name ${excerpt(unit.digest)} here, and ${elsewhere}${more}`,
    unit.tagPositions[tagIndex]!,
    {
      hint: 'a destination tag can name one digest only: remove the tag from all digests but one',
      image: unit.image,
      registry: unit.destinations[destinationIndex]
    }
  )
}

/** Tagless edges are never in conflict; the same (source, image, digest, destination) is kept once. */
function dedupeTagless(units: EdgeUnit[]): void {
  const seen = new Map<string, Set<string>>()
  for (const unit of units) {
    if (unit.tags[0] !== '') continue
    const key = `${unit.srcRegistry}\0${unit.image}\0${unit.digest}`
    const destinations = seen.get(key)
    if (!destinations) {
      seen.set(key, new Set(unit.destinations))
      continue
    }
    unit.destinations.forEach((destination, i) => {
      if (destinations.has(destination)) skipEdge(unit, i, 0)
      else destinations.add(destination)
    })
  }
}
