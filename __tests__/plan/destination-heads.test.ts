// Destination reads without Google's listing (issue #17): many tags over a few digests are
// classified exactly as each tag's own HEAD says, only a few of a repository's HEADs are pending
// at once (queueing thousands held memory for each), and a destination repository is read as soon
// as the source repositories feeding it are (not after every source of the plan).
import { describe, expect, it } from '@jest/globals'
import { computePlan } from '../../src/plan/plan.js'
import { HEADS_PER_REPOSITORY } from '../../src/plan/host-pool.js'
import { digestOf, fakeResolver, FakeStore } from './fake-store.js'
import { edge } from './edges.js'

const DIGESTS = ['a', 'b', 'c'].map(digestOf)
const OTHER = digestOf('f')
const SRC = 'src.example/staging'
const DST = 'dst.example/prod'

/** Counts the HEADs running at once; each answers after a timer tick. */
class SlowStore extends FakeStore {
  running = 0
  most = 0
  override async manifestHead(repo: string, reference: string) {
    this.running++
    this.most = Math.max(this.most, this.running)
    await new Promise((resolve) => setTimeout(resolve, 1))
    this.running--
    return super.manifestHead(repo, reference)
  }
}

describe('destination HEADs of one repository', () => {
  it('classifies 300 tags by a listing and their own HEADs, at most HEADS_PER_REPOSITORY pending', async () => {
    const src = new FakeStore('src.example')
    const dst = new SlowStore('dst.example')
    const edges = []
    const expected: string[] = []
    for (let i = 0; i < 300; i++) {
      const digest = DIGESTS[i % 3]!
      src.add('staging/app', digest)
      edges.push(edge('app', digest, `v${i}`, DST, SRC))
      if (i % 5 === 0)
        expected.push('promote') // absent there
      else if (i % 5 === 1) {
        dst.add('prod/app', OTHER, `v${i}`) // moved to another digest
        expected.push('conflict')
      } else {
        dst.add('prod/app', digest, `v${i}`)
        expected.push('done')
      }
    }
    // One listing answers the absent tags; every listed one needs its own HEAD.
    const plan = await computePlan({ edges, resolve: fakeResolver(src, dst) })
    expect(plan.edges.map((e) => e.state)).toEqual(expected)
    expect(dst.calls.filter((c) => c.startsWith('HEAD ')).length).toBe(240)
    expect(dst.most).toBeLessThanOrEqual(HEADS_PER_REPOSITORY)
    expect(dst.most).toBeGreaterThan(1)
  })
})

/** A store whose HEADs in `held` repositories wait until `release()`. */
class GatedStore extends FakeStore {
  readonly held = new Set<string>()
  private opened!: () => void
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve))
  release(): void {
    this.opened()
  }
  override async manifestHead(repo: string, reference: string) {
    if (this.held.has(repo)) await this.gate
    return super.manifestHead(repo, reference)
  }
}

describe('destination reads overlap source reads', () => {
  const A = DIGESTS[0]!
  const B = DIGESTS[1]!
  const LOST = digestOf('d')

  it('reads a destination once its own sources are read, while another source is not', async () => {
    const src = new GatedStore('src.example')
    const dst = new FakeStore('dst.example')
    src.add('staging/fast', A).add('staging/slow', B)
    dst.add('prod/fast', A, 'v1')
    src.held.add('staging/slow')
    const planned = computePlan({
      edges: [edge('fast', A, 'v1', DST, SRC), edge('slow', B, 'v1', DST, SRC)],
      resolve: fakeResolver(src, dst)
    })
    for (let i = 0; i < 50 && dst.calls.length === 0; i++)
      await new Promise((r) => setTimeout(r, 2))
    expect(dst.calls).toEqual(['HEAD prod/fast:v1'])
    src.release()
    const plan = await planned
    expect(plan.edges.map((e) => e.state)).toEqual(['done', 'promote'])
    expect(dst.calls).toEqual(['HEAD prod/fast:v1', 'HEAD prod/slow:v1'])
  })

  it('a destination fed by two source repositories waits for both; lost edges are not read', async () => {
    const src = new GatedStore('src.example')
    const dst = new FakeStore('dst.example')
    src.add('staging/app', A).add('other/app', B)
    dst.add('prod/app', A, 'v1')
    src.held.add('other/app')
    const planned = computePlan({
      edges: [
        edge('app', A, 'v1', DST, SRC),
        edge('app', LOST, 'v0', DST, SRC),
        edge('app', B, 'v2', DST, 'src.example/other')
      ],
      resolve: fakeResolver(src, dst)
    })
    await new Promise((r) => setTimeout(r, 20))
    expect(dst.calls).toEqual([])
    src.release()
    const plan = await planned
    expect(plan.edges.map((e) => e.state)).toEqual(['done', 'lost', 'promote'])
    expect([...dst.calls].sort()).toEqual(['HEAD prod/app:v1', 'HEAD prod/app:v2'])
  })
})
