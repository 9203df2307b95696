import { describe, expect, it } from '@jest/globals'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InventoryCache } from '../../src/plan/cache.js'
import { computePlan } from '../../src/plan/plan.js'
import { digestOf, fakeResolver, FakeStore } from './fake-store.js'
import { DST2, edge } from './edges.js'

const A = digestOf('a')
const B = digestOf('b')
const C = digestOf('c')

function world() {
  const src = new FakeStore('gcr.io')
  const us = new FakeStore('us.gcr.io')
  const eu = new FakeStore('eu.gcr.io')
  return { src, us, eu, resolve: fakeResolver(src, us, eu) }
}

const states = (plan: Awaited<ReturnType<typeof computePlan>>) => plan.edges.map((e) => e.state)

describe('computePlan', () => {
  it('classifies kpromo TestGetPromotionCandidates: foo done, bar promoted', async () => {
    const { src, us, resolve } = world()
    src.add('staging/foo', A, 'v1').add('staging/bar', B, 'v2')
    us.add('prod/foo', A, 'v1')
    const plan = await computePlan({ edges: [edge('foo', A, 'v1'), edge('bar', B, 'v2')], resolve })
    expect(states(plan)).toEqual(['done', 'promote'])
    expect(plan.counts).toMatchObject({ total: 2, done: 1, promote: 1 })
  })

  it('reads sources first and skips destinations of lost edges', async () => {
    const { src, us, resolve } = world()
    src.add('staging/foo', A)
    const plan = await computePlan({ edges: [edge('foo', A, 'v1'), edge('foo', B, 'v2')], resolve })
    expect(states(plan)).toEqual(['promote', 'lost'])
    expect(us.calls).toEqual(['HEAD prod/foo:v1'])
    expect(plan.requests).toMatchObject({
      sourceHeads: 2,
      destinationHeads: 1,
      tagLists: 0,
      total: 3
    })
  })

  it('de-duplicates source reads across destinations and tags', async () => {
    const { src, resolve } = world()
    src.add('staging/foo', A)
    const edges = [edge('foo', A, 'v1'), edge('foo', A, 'latest'), edge('foo', A, 'v1', DST2)]
    await computePlan({ edges, resolve })
    expect(src.calls).toEqual([`HEAD staging/foo:${A}`])
  })

  it('isolates failures: an unreadable repository fails only its own edges', async () => {
    const { src, us, eu, resolve } = world()
    src.add('staging/foo', A).add('staging/bar', B)
    src.failing.add('staging/bar')
    eu.failing.add('prod/foo')
    us.add('prod/foo', C, 'v1')
    const edges = [
      edge('foo', A, 'v1'),
      edge('foo', A, 'v1', DST2),
      edge('bar', B, 'v1'),
      edge('foo', A, 'v2')
    ]
    const plan = await computePlan({ edges, resolve })
    expect(states(plan)).toEqual(['conflict', 'error', 'error', 'promote'])
    expect(plan.edges[1]!.reason).toContain('denied')
    expect(plan.edges[0]!.position).toEqual(edges[0]!.position)
  })

  it('an unknown host or bad name is an error for its edges only', async () => {
    const { src, resolve } = world()
    src.add('staging/foo', A)
    const plan = await computePlan({
      edges: [edge('foo', A, 'v1', 'nowhere.io/x'), edge('foo', A, 'v1')],
      resolve
    })
    expect(states(plan)).toEqual(['error', 'promote'])
  })

  it('treats a destination repository that does not exist as empty', async () => {
    const { src, resolve } = world()
    src.add('staging/foo', A)
    const many = ['v1', 'v2', 'v3', 'v4', 'v5'].map((t) => edge('foo', A, t))
    const plan = await computePlan({ edges: [...many, edge('foo', A)], resolve })
    expect(plan.counts.promote).toBe(6)
  })

  it('lists tags once for many edges and HEADs only the listed tags', async () => {
    const { src, us, resolve } = world()
    src.add('staging/foo', A).add('staging/foo', B)
    us.add('prod/foo', A, 'v1').add('prod/foo', B, 'v9')
    const edges = ['v1', 'v2', 'v3', 'v4'].map((t) => edge('foo', A, t))
    edges.push(edge('foo', B, 'v9'), edge('foo', B))
    const plan = await computePlan({ edges, resolve })
    expect(states(plan)).toEqual(['done', 'promote', 'promote', 'promote', 'done', 'done'])
    expect(us.calls.sort()).toEqual([
      'HEAD prod/foo:sha256:' + 'b'.repeat(64),
      'HEAD prod/foo:v1',
      'HEAD prod/foo:v9',
      'LIST prod/foo'
    ])
  })

  it("uses Google's extended listing for digests and tags in one call", async () => {
    const { src, us, resolve } = world()
    src.extendedListing = true
    us.extendedListing = true
    for (const d of [A, B, C]) src.add('staging/foo', d)
    src.add('staging/foo', digestOf('d'))
    us.add('prod/foo', A, 'v1').add('prod/foo', B)
    const edges = [
      edge('foo', A, 'v1'),
      edge('foo', B),
      edge('foo', C, 'v3'),
      edge('foo', digestOf('d'), 'v1')
    ]
    const plan = await computePlan({ edges, resolve })
    expect(states(plan)).toEqual(['done', 'done', 'promote', 'conflict'])
    expect(src.calls).toEqual(['LIST staging/foo'])
    expect(us.calls).toEqual(['LIST prod/foo'])
  })

  it('checkLostDestinations makes an already promoted lost edge done', async () => {
    const { us, resolve } = world()
    us.add('prod/foo', A, 'v1')
    const plan = await computePlan({
      edges: [edge('foo', A, 'v1')],
      resolve,
      options: { checkLostDestinations: true }
    })
    expect(states(plan)).toEqual(['done'])
  })

  it('a malformed digest is lost without a request', async () => {
    const { src, resolve } = world()
    const plan = await computePlan({ edges: [edge('foo', 'sha256:abc', 'v1')], resolve })
    expect(plan.edges[0]).toMatchObject({
      state: 'lost',
      reason: expect.stringContaining('not a valid sha256')
    })
    expect(src.calls).toEqual([])
  })

  it('applies the registry map to repository names, keeping the manifest edge', async () => {
    const { src, eu, resolve } = world()
    src.add('staging/foo', A)
    const edges = [edge('foo', A, 'v1', 'mirror.example/prod')]
    const registryMap = [{ from: 'mirror.example', to: 'eu.gcr.io' }]
    const plan = await computePlan({ edges, resolve, options: { registryMap } })
    expect(plan.edges[0]).toMatchObject({
      state: 'promote',
      destination: 'eu.gcr.io/prod/foo',
      edge: edges[0]
    })
    expect(eu.calls).toEqual(['HEAD prod/foo:v1'])
  })

  it('reports HTTP requests from the caller counter', async () => {
    const { src, resolve } = world()
    let http = 10
    src.add('staging/foo', A)
    const plan = await computePlan({
      edges: [edge('foo', A, 'v1')],
      resolve,
      options: { requestCounter: () => (http += 2) }
    })
    expect(plan.requests.http).toBe(2)
  })
})

describe('computePlan with an inventory cache', () => {
  async function cacheAt(now: () => number) {
    return new InventoryCache(await mkdtemp(join(tmpdir(), 'plan-cache-')), { maxAgeMs: 1000, now })
  }

  it('a warm plan equals a cold plan and sends no destination request', async () => {
    const { src, us, resolve } = world()
    src.add('staging/foo', A).add('staging/foo', B)
    us.add('prod/foo', A, 'v1').add('prod/foo', B)
    const edges = [edge('foo', A, 'v1'), edge('foo', B), edge('foo', A, 'v2')]
    let t = 0
    const cache = await cacheAt(() => t)
    const cold = await computePlan({ edges, resolve, cache })
    const reopened = new InventoryCache(cache.dir.replace(/\/v2$/, ''), {
      maxAgeMs: 1000,
      now: () => t
    })
    us.calls.length = 0
    src.calls.length = 0
    t = 500
    const warm = await computePlan({ edges, resolve, cache: reopened })
    expect(states(warm)).toEqual(states(cold))
    expect(warm.edges.map((e) => e.fromCache ?? false)).toEqual([true, true, false])
    expect(us.calls).toEqual(['HEAD prod/foo:v2'])
    expect(src.calls).toEqual([`HEAD staging/foo:${A}`])
  })

  it('ignores cache entries older than the max age', async () => {
    const { src, us, resolve } = world()
    src.add('staging/foo', A)
    us.add('prod/foo', A, 'v1')
    let t = 0
    const cache = await cacheAt(() => t)
    await computePlan({ edges: [edge('foo', A, 'v1')], resolve, cache })
    us.repos.get('prod/foo')!.tags.set('v1', B)
    t = 2000
    const plan = await computePlan({ edges: [edge('foo', A, 'v1')], resolve, cache })
    expect(states(plan)).toEqual(['conflict'])
  })

  it('never decides a conflict from the cache', async () => {
    const { src, us, resolve } = world()
    src.add('staging/foo', A)
    us.add('prod/foo', B, 'v1')
    const cache = await cacheAt(() => 0)
    await computePlan({ edges: [edge('foo', B, 'v1')], resolve, cache })
    us.repos.get('prod/foo')!.tags.delete('v1')
    const plan = await computePlan({ edges: [edge('foo', A, 'v1')], resolve, cache })
    expect(states(plan)).toEqual(['promote'])
  })
})
