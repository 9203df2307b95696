// kpromo v4.6's validation of a provenance policy (Policy.Validate), rule by rule and with its
// messages, each reported at the entry it is about. The SLSA build levels: a builder reaches 1-3;
// a signer bound to builders may claim only those, other signers only the unbound builders, so
// provenance verifies at no more than the lowest level of the builders its signer may claim; the
// policy level and per-image levels must be 2-3 and reachable that way.
import type { ManifestSigner } from './model.js'
import type { ReadBuilder } from './provenance-builders.js'
import { compileGlob, BAD_PATTERN } from './provenance-glob.js'
import type { ReadLevel } from './provenance-levels.js'
import type { Node, Written } from './provenance-values.js'
import type { Field, YamlReader } from './yaml-reader.js'
import { quote } from './errors.js'

export interface WrittenPolicy {
  /** The `provenance` key. */
  block: Node
  fields: Map<string, Field>
  signers: ManifestSigner[]
  builders: ReadBuilder[]
  sources: Written[]
  predicateTypes: Written[]
  level: number
  levels: ReadLevel[]
}

const MIN_BUILDER_LEVEL = 1
const MIN_POLICY_LEVEL = 2
const MAX_LEVEL = 3

const HINT = {
  builder:
    'write each builder once as {id, level: 1-3}, optionally with signers: [<policy signer>]',
  level: 'a policy level is 2 or 3, and at most what the builders its signers may claim reach',
  required: 'a policy in warn or require mode names at least one signer, one builder and one source'
}

/** Every rule of kpromo's Validate; `enabled` is mode warn or require. */
export function checkPolicy(reader: YamlReader, p: WrittenPolicy, enabled: boolean): void {
  checkBuilders(reader, p)
  for (const s of p.sources) {
    if (s.value.trim() === '')
      reader.error(
        'INVALID_PROVENANCE_SOURCE',
        'provenance: sources must not be empty',
        s.node,
        'name a repository, e.g. github.com/org/repo, or remove the entry'
      )
    if (s.value.includes('@'))
      reader.error(
        'INVALID_PROVENANCE_SOURCE',
        `provenance: source ${quote(s.value)} must not carry a ref`,
        s.node,
        'name the repository only, e.g. github.com/org/repo'
      )
  }
  for (const t of p.predicateTypes)
    if (t.value.trim() === '')
      reader.error(
        'EMPTY_PROVENANCE_VALUE',
        'provenance: predicateTypes must not be empty',
        t.node,
        'name a predicate type, e.g. https://spdx.dev/Document, or remove the entry'
      )
  const levelAt = p.fields.get('level')?.value ?? p.block
  if (p.level !== 0 && (p.level < MIN_POLICY_LEVEL || p.level > MAX_LEVEL))
    reader.error(
      'INVALID_PROVENANCE_LEVEL',
      `provenance: level must be between ${MIN_POLICY_LEVEL} and ${MAX_LEVEL}, got ${p.level}`,
      levelAt,
      HINT.level
    )
  const highest = highestLevel(p)
  if (p.level > 0 && highest > 0 && p.level > highest)
    reader.error(
      'INVALID_PROVENANCE_LEVEL',
      `provenance: level ${p.level} is above ${highest}, the highest level provenance can verify at with these builders`,
      levelAt,
      HINT.level
    )
  checkLevels(reader, p, highest)
  const anything =
    p.signers.length +
      p.builders.length +
      p.sources.length +
      p.predicateTypes.length +
      p.levels.length >
      0 || p.level > 0
  if (!enabled && anything)
    reader.warn(
      'PROVENANCE_POLICY_OFF',
      'provenance: the policy is off, set a mode to check it',
      p.block,
      'set mode: warn or mode: require'
    )
  if (!enabled) return
  const required: [number, string][] = [
    [p.signers.length, 'signer'],
    [p.builders.length, 'builder'],
    [p.sources.length, 'source']
  ]
  for (const [count, what] of required)
    if (count === 0)
      reader.error(
        'INCOMPLETE_PROVENANCE_POLICY',
        `provenance: at least one ${what} is required`,
        p.block,
        HINT.required
      )
}

function checkBuilders(reader: YamlReader, p: WrittenPolicy): void {
  const specs = p.signers.map((s) => s.spec)
  p.builders.forEach((b, i) => {
    if (b.id.trim() === '')
      reader.error(
        'INVALID_BUILDER',
        'provenance: builder IDs must not be empty',
        b.node,
        HINT.builder
      )
    if (b.level < MIN_BUILDER_LEVEL || b.level > MAX_LEVEL)
      reader.error(
        'INVALID_BUILDER',
        `provenance: builder ${quote(b.id)} needs a level between ${MIN_BUILDER_LEVEL} and ${MAX_LEVEL}, got ${b.level}`,
        b.node,
        HINT.builder
      )
    for (const s of b.signers)
      if (!specs.includes(s.value))
        reader.error(
          'INVALID_BUILDER',
          `provenance: signer ${quote(s.value)} of builder ${quote(b.id)} must be one of the policy signers`,
          s.node,
          'copy the signer string exactly as written in the policy signers'
        )
    // A builder without signers that matches the id of one with signers would let other
    // signers claim it.
    for (const other of p.builders.slice(i + 1)) {
      if (other.id === b.id)
        reader.error(
          'INVALID_BUILDER',
          `provenance: builder ${quote(b.id)} is listed more than once`,
          other.node,
          HINT.builder
        )
      else if (
        (b.signers.length === 0) !== (other.signers.length === 0) &&
        (coversBuilder(b.id, other.id) || coversBuilder(other.id, b.id))
      )
        reader.error(
          'INVALID_BUILDER',
          `provenance: builders ${quote(b.id)} and ${quote(other.id)} overlap, but only one of them names signers`,
          other.node,
          'bind both to the same signers, or neither'
        )
    }
  })
}

function checkLevels(reader: YamlReader, p: WrittenPolicy, highest: number): void {
  for (const entry of p.levels) {
    const images = entry.images.map((i) => i.value).join(', ')
    if (entry.images.length === 0)
      reader.error(
        'INVALID_IMAGE_LEVEL',
        'provenance: every entry of levels needs at least one image',
        entry.node,
        'list image names or patterns relative to the source registry, e.g. images: ["charts/*"]'
      )
    for (const { value, node } of entry.images) {
      if (value.trim() === '') {
        reader.error(
          'INVALID_IMAGE_LEVEL',
          'provenance: image patterns of levels must not be empty',
          node,
          'write an image name or pattern, or remove the entry'
        )
        continue
      }
      if (!compileGlob(value))
        reader.error(
          'INVALID_IMAGE_LEVEL',
          `provenance: invalid image pattern ${quote(value)} in levels: ${BAD_PATTERN}`,
          node,
          'patterns use Go path.Match syntax: * and ? within one path segment, [a-z] classes, \\ escapes'
        )
      if (value.startsWith('/') || value.endsWith('/'))
        reader.error(
          'INVALID_IMAGE_LEVEL',
          `provenance: image pattern ${quote(value)} in levels must not start or end with a /`,
          node,
          'image names are relative to the source registry'
        )
    }
    // Every satisfied image reaches level 1, so a lower entry would require nothing.
    if (entry.level < MIN_POLICY_LEVEL || entry.level > MAX_LEVEL)
      reader.error(
        'INVALID_IMAGE_LEVEL',
        `provenance: levels of ${images} must be between ${MIN_POLICY_LEVEL} and ${MAX_LEVEL}, got ${entry.level}`,
        entry.node,
        HINT.level
      )
    else if (highest > 0 && entry.level > highest)
      reader.error(
        'INVALID_IMAGE_LEVEL',
        `provenance: level ${entry.level} of ${images} is above ${highest}, the highest level provenance can verify at with these builders`,
        entry.node,
        HINT.level
      )
    else if (p.level > 0 && entry.level <= p.level)
      reader.warn(
        'IMAGE_LEVEL_REDUNDANT',
        `provenance: level ${entry.level} of ${images} requires nothing beyond the policy level ${p.level}`,
        entry.node,
        'raise the entry above the policy level, or remove it'
      )
  }
}

/** kpromo's coversBuilder: an id without `@` also matches the builder at any ref. */
export function coversBuilder(id: string, other: string): boolean {
  return !id.includes('@') && other.startsWith(`${id}@`)
}

/** What each builder is as levels go: its level and the signer strings bound to it. */
interface Levelled {
  level: number
  signers: string[]
}

/** kpromo's claimableBuilders: those naming one of the signers, else those naming none. */
export function claimableBuilders<B extends Levelled>(builders: B[], signers: string[]): B[] {
  const bound = builders.filter((b) => b.signers.some((s) => signers.includes(s)))
  return bound.length > 0 ? bound : builders.filter((b) => b.signers.length === 0)
}

/** The lowest level of the builders, 0 without any. */
export function lowestLevel(builders: Levelled[]): number {
  return builders.length ? Math.min(...builders.map((b) => b.level)) : 0
}

/** kpromo's highestLevel: the best level any one signer's provenance can verify at; 0 without signers. */
function highestLevel(p: WrittenPolicy): number {
  const builders = p.builders.map((b) => ({
    level: b.level,
    signers: b.signers.map((s) => s.value)
  }))
  // A mapping signer (our extension) has no string a builder could name: it claims the unbound ones.
  const keys = p.signers.map((s, i) => s.spec ?? `\0${i}`)
  return Math.max(0, ...keys.map((k) => lowestLevel(claimableBuilders(builders, [k]))))
}
