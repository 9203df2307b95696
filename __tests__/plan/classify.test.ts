import { describe, expect, it } from '@jest/globals'
import { classifyEdge, type EdgeFacts } from '../../src/plan/classify.js'
import type { EdgeState } from '../../src/plan/schema.js'
import { digestOf } from './fake-store.js'
import { edge } from './edges.js'

const A = digestOf('a')
const B = digestOf('b')
const yes = { ok: true as const, value: true }
const no = { ok: true as const, value: false }
const tagAt = (d: string | null) => ({ ok: true as const, value: d })
const broken = { ok: false as const, error: 'denied' }

// kpromo §2.5 rules, first match wins; cases from edge_test.go and the legacy scenarios (§8).
const TABLE: [string, string, EdgeFacts, EdgeState][] = [
  [
    'rule 1: already promoted (foo:v1 in dst)',
    'v1',
    { source: yes, destinationTag: tagAt(A) },
    'done'
  ],
  [
    'rule 1 before rule 3: promoted, source gone',
    'v1',
    { source: no, destinationTag: tagAt(A) },
    'done'
  ],
  ['rule 2: tagless, digest in dst', '', { source: yes, destinationDigest: yes }, 'done'],
  ['rule 2: tagless, in dst but lost in src', '', { source: no, destinationDigest: yes }, 'done'],
  ['rule 3: src registry lacks the image', 'v1', { source: no }, 'lost'],
  ['rule 3: tagless lost', '', { source: no }, 'lost'],
  [
    'rule 4: tag move (v1 -> other digest)',
    'v1',
    { source: yes, destinationTag: tagAt(B) },
    'conflict'
  ],
  [
    'rule 5: regular promotion (bar:v2 not in dst)',
    'v2',
    { source: yes, destinationTag: tagAt(null) },
    'promote'
  ],
  ['rule 5: tagless promotion', '', { source: yes, destinationDigest: no }, 'promote'],
  ['unreadable source', 'v1', { source: broken }, 'error'],
  ['unreadable destination', 'v1', { source: yes, destinationTag: broken }, 'error'],
  ['unreadable destination, tagless', '', { source: yes, destinationDigest: broken }, 'error'],
  ['destination not read', 'v1', { source: yes }, 'error'],
  ['source not read', 'v1', {}, 'error']
]

describe('classifyEdge', () => {
  it.each(TABLE)('%s', (_name, tag, facts, state) => {
    expect(classifyEdge(edge('foo', A, tag), facts).state).toBe(state)
  })

  it('names the digest a conflicting tag points at', () => {
    const c = classifyEdge(edge('foo', A, 'v1'), { source: yes, destinationTag: tagAt(B) })
    expect(c.destinationDigest).toBe(B)
    expect(c.reason).toContain('never moved')
  })

  it('says to backfill when a promoted edge has lost its source', () => {
    const c = classifyEdge(edge('foo', A, 'v1'), { source: no, destinationTag: tagAt(A) })
    expect(c.reason).toContain('backfill')
  })

  it('passes on whether a done came from the cache', () => {
    const c = classifyEdge(edge('foo', A, 'v1'), {
      destinationTag: { ok: true, value: A, fromCache: true }
    })
    expect(c).toMatchObject({ state: 'done', fromCache: true })
  })
})
