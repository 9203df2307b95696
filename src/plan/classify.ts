// Edge classification (kpromo §2.5), pure: the facts read from the registries in, one state out.
// The rules run in kpromo's order and the first that matches wins.
import type { Edge } from '../manifest/index.js'
import { isDigest } from '../oci/digest.js'
import type { EdgeState } from './schema.js'

/** A fact read from a store: a value (maybe from the cache), or why it could not be read. */
export type Lookup<T> = { ok: true; value: T; fromCache?: boolean } | { ok: false; error: string }

export interface EdgeFacts {
  /** Does the digest exist in the source repository? */
  source?: Lookup<boolean>
  /** Which digest the destination tag points at (null: no such tag). Tagged edges only. */
  destinationTag?: Lookup<string | null>
  /** Does the digest exist in the destination repository? Tagless edges only. */
  destinationDigest?: Lookup<boolean>
}

export interface Classification {
  state: EdgeState
  reason: string
  destinationDigest?: string
  fromCache?: boolean
}

// Reasons are shared constants (a plan may hold a million edges): the edge itself carries the
// tag, digest and repositories; error reasons are built once per failed read.
export const REASON = {
  tagPresent: 'the destination tag is already on this digest',
  digestPresent: 'the digest is already in the destination',
  tagPresentLost:
    'the destination tag is already on this digest; the source digest is missing, backfill the staging registry',
  digestPresentLost:
    'the digest is already in the destination; the source digest is missing, backfill the staging registry',
  invalidDigest:
    'the manifest digest is not a valid sha256 digest (sha256: and 64 lower-case hex digits)',
  lost: 'the source digest is missing from the source repository: push it there, or drop it from the manifest',
  conflict:
    'the destination tag points at another digest and tags are never moved: fix the manifest or retag by hand',
  promoteTag: 'the destination tag does not exist yet',
  promoteDigest: 'the digest is not in the destination yet',
  notRead: 'not read (internal: the plan skipped this read)'
} as const

const errorReasons = new WeakMap<object, string>()

function readFailure(fact: { ok: false; error: string }, side: 'source' | 'destination'): string {
  let reason = errorReasons.get(fact)
  if (reason === undefined) {
    reason = `cannot read the ${side}: ${fact.error}`
    errorReasons.set(fact, reason)
  }
  return reason
}

function alreadyPromoted(edge: Edge, facts: EdgeFacts): Classification | undefined {
  const { destinationTag: tag, destinationDigest: digest } = facts
  const lost = facts.source?.ok === true && !facts.source.value
  if (edge.tag !== '' && tag?.ok && tag.value === edge.digest) {
    return {
      state: 'done',
      reason: lost ? REASON.tagPresentLost : REASON.tagPresent,
      fromCache: tag.fromCache
    }
  }
  if (edge.tag === '' && digest?.ok && digest.value) {
    return {
      state: 'done',
      reason: lost ? REASON.digestPresentLost : REASON.digestPresent,
      fromCache: digest.fromCache
    }
  }
  return undefined
}

function sourceProblem(edge: Edge, facts: EdgeFacts): Classification | undefined {
  const source = facts.source
  if (!source) return { state: 'error', reason: REASON.notRead }
  if (!source.ok) return { state: 'error', reason: readFailure(source, 'source') }
  if (source.value) return undefined
  return { state: 'lost', reason: isDigest(edge.digest) ? REASON.lost : REASON.invalidDigest }
}

function destinationDecision(edge: Edge, facts: EdgeFacts): Classification {
  const fact = edge.tag === '' ? facts.destinationDigest : facts.destinationTag
  if (!fact) return { state: 'error', reason: REASON.notRead }
  if (!fact.ok) return { state: 'error', reason: readFailure(fact, 'destination') }
  if (edge.tag !== '' && typeof fact.value === 'string') {
    return { state: 'conflict', reason: REASON.conflict, destinationDigest: fact.value }
  }
  return { state: 'promote', reason: edge.tag === '' ? REASON.promoteDigest : REASON.promoteTag }
}

/** Classify one edge from the facts known about it (kpromo rules 1, 2, 3, 4 and 5 in order). */
export function classifyEdge(edge: Edge, facts: EdgeFacts): Classification {
  return (
    alreadyPromoted(edge, facts) ?? sourceProblem(edge, facts) ?? destinationDecision(edge, facts)
  )
}
