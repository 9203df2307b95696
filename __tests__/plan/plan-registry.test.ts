// The plan against the real distribution registry (harness) and the real RegistryClient: every
// edge state, tagless edges, untagged index children, missing repositories, failure isolation,
// list-vs-HEAD choice, and the cache contract (a stale cached done is caught live).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Edge } from '../../src/manifest/model.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { InventoryCache } from '../../src/plan/cache.js'
import { computePlan } from '../../src/plan/plan.js'
import { buildImage, buildIndex } from '../harness/images.js'
import { pushImage, pushIndex } from '../harness/push.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'

let open: TestRegistry
let locked: TestRegistry
let client: RegistryClient
const img = (seed: string) => buildImage({ seed })

const A = img('a')
const B = img('b')
const LOST = img('never-pushed').manifest.digest
const INDEX = buildIndex([
  img('child-1'),
  buildImage({ seed: 'child-2', platform: { os: 'linux', architecture: 'arm64' } })
])
const CHILD = INDEX.children[0]!.manifest.digest

let line = 0
function edgeTo(dst: string, image: string, digest: string, tag = ''): Edge {
  return {
    srcRegistry: `${open.host}/staging`,
    dstRegistry: dst,
    image,
    digest,
    tag,
    position: { file: 'images/p/images.yaml', line: ++line, column: 5 }
  }
}

const resolve = (name: string) => {
  const slash = name.indexOf('/')
  return { store: client.store(name.slice(0, slash)), repo: name.slice(slash + 1) }
}
const requests = () => client.stats().requests

beforeAll(async () => {
  ;[open, locked] = await Promise.all([startRegistry(), startRegistry({ auth: 'htpasswd' })])
  client = new RegistryClient({ defaults: { maxAttempts: 1 } })
  await pushImage(open, 'staging/foo', A, ['v1'])
  await pushImage(open, 'staging/foo', B)
  await pushIndex(open, 'staging/multi', INDEX, ['v1'])
  await pushImage(open, 'staging/fresh', A)
  await pushImage(open, 'staging/cached', A)
  await pushImage(open, 'staging/cached', B)
  await pushImage(open, 'prod/foo', A, ['v1'])
  await pushImage(open, 'prod/foo', B, ['taken'])
}, 60_000)

afterAll(async () => {
  await client?.close()
  await Promise.all([open?.stop(), locked?.stop()])
})

describe('computePlan on a real registry', () => {
  it('classifies every state and isolates the unreadable destination', async () => {
    const prod = `${open.host}/prod`
    const edges = [
      edgeTo(prod, 'foo', A.manifest.digest, 'v1'), // done
      edgeTo(prod, 'foo', B.manifest.digest, 'v2'), // promote
      edgeTo(prod, 'foo', LOST, 'v3'), // lost
      edgeTo(prod, 'foo', A.manifest.digest, 'taken'), // conflict
      edgeTo(`${locked.host}/prod`, 'foo', A.manifest.digest, 'v1'), // error: 401 without credentials
      edgeTo(prod, 'foo', B.manifest.digest), // tagless, done
      edgeTo(prod, 'fresh', A.manifest.digest), // tagless into a repository that does not exist
      edgeTo(prod, 'multi', CHILD), // untagged index child in the source
      edgeTo(prod, 'multi', INDEX.manifest.digest, 'v1')
    ]
    const plan = await computePlan({ edges, resolve, options: { requestCounter: requests } })
    expect(plan.edges.map((e) => e.state)).toEqual([
      'done',
      'promote',
      'lost',
      'conflict',
      'error',
      'done',
      'promote',
      'promote',
      'promote'
    ])
    expect(plan.edges[3]!.destinationDigest).toBe(B.manifest.digest)
    expect(plan.edges[4]!.reason).toMatch(/401|auth|credential|denied/i)
    expect(plan.edges[2]!.position.line).toBe(edges[2]!.position.line)
    // one HEAD per unique (source repository, digest): foo A, B, LOST; fresh A; multi child, index
    expect(plan.requests.sourceHeads).toBe(6)
    expect(plan.requests.http).toBeGreaterThanOrEqual(plan.requests.total)
  })

  it('lists a destination with many needed tags once and HEADs only tags it holds', async () => {
    const prod = `${open.host}/prod`
    const edges = ['v1', 'n1', 'n2', 'n3', 'n4'].map((t) =>
      edgeTo(prod, 'foo', A.manifest.digest, t)
    )
    const mark = await open.accessLog.mark()
    const plan = await computePlan({ edges, resolve })
    const log = await open.accessLog.entries(mark)
    const dst = log
      .filter((e) => e.path.startsWith('/v2/prod/'))
      .map((e) => `${e.method} ${e.path}`)
    expect(dst.sort()).toEqual(
      ['GET /v2/prod/foo/tags/list?n=1000', 'HEAD /v2/prod/foo/manifests/v1'].sort()
    )
    expect(plan.counts).toMatchObject({ done: 1, promote: 4 })
  })
})

describe('the cache contract on a real registry', () => {
  it('a warm plan equals the cold one with no destination request; a live plan sees the moved tag', async () => {
    const prod = `${open.host}/prod`
    await pushImage(open, 'prod/cached', A, ['v1'])
    const edges = [
      edgeTo(prod, 'cached', A.manifest.digest, 'v1'),
      edgeTo(prod, 'cached', B.manifest.digest, 'v2')
    ]
    const dir = await mkdtemp(join(tmpdir(), 'plan-cache-'))
    const cold = await computePlan({ edges, resolve, cache: new InventoryCache(dir) })

    await pushImage(open, 'prod/cached', B, ['v1']) // someone moves v1 behind our back
    const mark = await open.accessLog.mark()
    const warm = await computePlan({ edges, resolve, cache: new InventoryCache(dir) })
    const dstReads = (await open.accessLog.entries(mark)).filter((e) =>
      e.path.startsWith('/v2/prod/cached/')
    )
    expect(warm.edges.map((e) => e.state)).toEqual(cold.edges.map((e) => e.state))
    expect(warm.edges[0]).toMatchObject({ state: 'done', fromCache: true })
    expect(dstReads.map((e) => e.path)).toEqual(['/v2/prod/cached/manifests/v2'])

    const freshPlan = await computePlan({ edges, resolve })
    expect(freshPlan.edges[0]!.state).toBe('conflict')
  })
})
