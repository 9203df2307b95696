// The plan-fleet simulator itself: the quota answers 429 past its rate (with Retry-After when
// asked), every response waits the latency, requests are counted per host name, and tag lists
// carry Google's digest map only when the extension is on. Inventories come from edges.
import { afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import { buildFleet } from '../../bench/lib/fleet-inventory.js'
import { startFleet, TokenBucket, type Fleet } from '../../bench/lib/fleet-sim.js'
import type { Edge } from '../../src/manifest/model.js'

const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`
const position = { file: 'images.yaml', line: 1, column: 1 }
const edge = (dst: string, digest: string, tag: string): Edge => ({
  srcRegistry: 'gcr.io/k8s-staging-x',
  dstRegistry: dst,
  image: 'app',
  digest,
  tag,
  position
})
const EDGES = [
  edge('us-east1-docker.pkg.dev/prod/images', D1, 'v1'),
  edge('us-east1-docker.pkg.dev/prod/images', D2, 'v2'),
  edge('us-west1-docker.pkg.dev/prod/images', D1, 'v1'),
  edge('us-west1-docker.pkg.dev/prod/images', D2, 'v2')
]

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  ms: number
}

function request(fleet: Fleet, host: string, method: string, path: string): Promise<Answer> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: fleet.port, method, path, headers: { host }, agent: false },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            ms: performance.now() - started
          })
        )
      }
    )
    req.on('error', reject)
    req.end()
  })
}

let fleet: Fleet | undefined
afterEach(async () => {
  await fleet?.close()
  fleet = undefined
})

describe('buildFleet', () => {
  it('steady: sources and destinations hold every digest and tag', () => {
    const built = buildFleet(EDGES, 'steady')
    expect(built.hosts).toEqual(['gcr.io', 'us-east1-docker.pkg.dev', 'us-west1-docker.pkg.dev'])
    const src = built.inventory.get('gcr.io')!.get('k8s-staging-x/app')!
    expect([...src.tags]).toEqual([
      ['v1', D1],
      ['v2', D2]
    ])
    const dst = built.inventory.get('us-west1-docker.pkg.dev')!.get('prod/images/app')!
    expect([...dst.digests.keys()]).toEqual([D1, D2])
    expect(built.emptyHost).toBeUndefined()
  })

  it('new-region: one destination host holds nothing', () => {
    const built = buildFleet(EDGES, 'new-region')
    expect(built.emptyHost).toBe('us-west1-docker.pkg.dev')
    expect(built.inventory.has('us-west1-docker.pkg.dev')).toBe(false)
    expect(built.emptyRepositories).toBe(1)
    expect(built.inventory.get('us-east1-docker.pkg.dev')!.size).toBe(1)
  })
})

describe('startFleet', () => {
  it('answers HEADs and tag lists per host name, with the Google digest map', async () => {
    fleet = await startFleet({ inventory: buildFleet(EDGES, 'steady').inventory })
    const head = await request(
      fleet,
      'us-east1-docker.pkg.dev',
      'HEAD',
      '/v2/prod/images/app/manifests/v2'
    )
    expect(head.status).toBe(200)
    expect(head.headers['docker-content-digest']).toBe(D2)
    const byDigest = await request(fleet, 'gcr.io', 'HEAD', `/v2/k8s-staging-x/app/manifests/${D1}`)
    expect(byDigest.status).toBe(200)
    const missing = await request(fleet, 'gcr.io', 'HEAD', '/v2/k8s-staging-x/app/manifests/v9')
    expect(missing.status).toBe(404)
    const list = await request(fleet, 'gcr.io', 'GET', '/v2/k8s-staging-x/app/tags/list?n=1000')
    const listing = JSON.parse(list.body) as {
      tags: string[]
      manifest: Record<string, { tag: string[] }>
    }
    expect(listing.tags).toEqual(['v1', 'v2'])
    expect(listing.manifest[D1]!.tag).toEqual(['v1'])
    const unknown = await request(fleet, 'gcr.io', 'GET', '/v2/nope/tags/list')
    expect(unknown.status).toBe(404)
    const counts = fleet.counts()
    expect(counts.get('gcr.io')).toMatchObject({ requests: 4, tagLists: 1, heads: 2, throttled: 0 })
    expect(counts.get('us-east1-docker.pkg.dev')).toMatchObject({ requests: 1, heads: 1 })
  })

  it('leaves the digest map out without the Google extension', async () => {
    const inventory = buildFleet(EDGES, 'steady').inventory
    fleet = await startFleet({ inventory, googleExt: false })
    const list = await request(fleet, 'gcr.io', 'GET', '/v2/k8s-staging-x/app/tags/list')
    expect(JSON.parse(list.body)).toEqual({ name: 'k8s-staging-x/app', tags: ['v1', 'v2'] })
  })

  it('waits the latency before every response, 429s included', async () => {
    const inventory = buildFleet(EDGES, 'steady').inventory
    fleet = await startFleet({ inventory, latencyMs: 60, rps: 1 })
    const ok = await request(fleet, 'gcr.io', 'GET', '/v2/')
    const throttled = await request(fleet, 'gcr.io', 'GET', '/v2/')
    expect(ok.status).toBe(200)
    expect(throttled.status).toBe(429)
    for (const a of [ok, throttled]) expect(a.ms).toBeGreaterThanOrEqual(55)
  })

  it('answers 429 past the per-host quota, with Retry-After when asked, per host', async () => {
    const inventory = buildFleet(EDGES, 'steady').inventory
    fleet = await startFleet({ inventory, rps: 5, retryAfterS: 2 })
    const f = fleet
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => request(f, 'gcr.io', 'GET', '/v2/'))
    )
    const statuses = answers.map((a) => a.status).sort()
    expect(statuses.filter((s) => s === 200)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(3)
    expect(answers.find((a) => a.status === 429)!.headers['retry-after']).toBe('2')
    // Another host has its own bucket.
    expect((await request(f, 'us-east1-docker.pkg.dev', 'GET', '/v2/')).status).toBe(200)
    expect(f.counts().get('gcr.io')).toMatchObject({ requests: 8, throttled: 3 })
    expect(f.counts().get('gcr.io')!.peakPerSecond).toBeLessThanOrEqual(5)
  })
})

describe('TokenBucket', () => {
  it('refills at its rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, () => now)
    for (let i = 0; i < 10; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    now += 100
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
  })
})
