// A destination repository read tag by tag (a registry without Google's listing, issue #17): many
// tags over a few digests are classified exactly as each tag's own HEAD says, and only a few of
// the repository's HEADs are pending at once (queueing thousands held memory for each).
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
