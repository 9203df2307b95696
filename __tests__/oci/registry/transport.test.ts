import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { sha256Digest } from '../../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../../src/oci/media-types.js'
import { RegistryClient, type HostConfig } from '../../../src/oci/registry/index.js'
import { HostLimiter } from '../../../src/oci/registry/transport/host-limiter.js'
import { DEFAULT_HOST_CONFIG } from '../../../src/oci/registry/host-config.js'
import { scripted, type Step } from './scripted-send.js'

const HOST = 'reg.example'
// The smallest body that is an image manifest (registry reads check the shape of what they get).
const M = '{"config":{},"layers":[]}'
const digest = sha256Digest(M)
const found = {
  headers: { 'docker-content-digest': digest, 'content-type': MEDIA_TYPE.ociManifest }
}

function clientWith(steps: Step[], defaults: Partial<HostConfig> = {}) {
  const script = scripted(steps)
  const sleeps: number[] = []
  const client = new RegistryClient({
    baseSend: script.send,
    defaults: { requestsPerSecond: 1000, ...defaults },
    sleep: async (ms) => void sleeps.push(ms)
  })
  return { script, sleeps, client, store: client.store(HOST) }
}

describe('retries', () => {
  it('honours Retry-After on 429 and retries 503, resets and truncated bodies', async () => {
    const { script, sleeps, store, client } = clientWith([
      { expect: 'GET /v2/a/manifests/v1', status: 429, headers: { 'retry-after': '1' } },
      { expect: 'GET /v2/a/manifests/v1', status: 503 },
      { expect: 'GET /v2/a/manifests/v1', fail: 'reset' },
      { expect: 'GET /v2/a/manifests/v1', fail: 'truncated' },
      {
        expect: 'GET /v2/a/manifests/v1',
        headers: { 'content-type': MEDIA_TYPE.ociManifest },
        body: M
      }
    ])
    await expect(store.manifestGet('a', 'v1')).resolves.toMatchObject({ digest })
    expect(sleeps[0]).toBe(1000)
    expect(sleeps).toHaveLength(4)
    const stats = client.stats()
    expect(stats.retries).toBe(4)
    expect(stats.byHost[HOST]!.byMethodStatus).toEqual({
      'GET 429': 1,
      'GET 503': 1,
      'GET error': 2,
      'GET 200': 1
    })
    expect(script.remaining()).toEqual([])
  })

  it('gives up after maxAttempts with a temporary error saying so', async () => {
    const { store } = clientWith(
      Array.from({ length: 3 }, () => ({ expect: 'HEAD /v2/a/manifests/v1', status: 503 })),
      { maxAttempts: 3 }
    )
    const error = await store.manifestHead('a', 'v1').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', temporary: true, status: 503 })
    expect((error as Error).message).toContain('gave up after 3 attempts')
  })

  it('stops when the next wait would exceed the retry budget', async () => {
    const { script, store } = clientWith(
      [{ expect: 'HEAD /v2/a/manifests/v1', status: 429, headers: { 'retry-after': '20' } }],
      { retryBudgetMs: 5000 }
    )
    await expect(store.manifestHead('a', 'v1')).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    expect(script.requests).toHaveLength(1)
  })

  it('sends a large stream body once (it cannot be replayed), with a temporary error', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 3)
    const bigDigest = sha256Digest(big)
    const { script, store } = clientWith([
      {
        expect: 'POST /v2/a/blobs/uploads/',
        status: 202,
        headers: { location: '/v2/a/blobs/uploads/u1' }
      },
      { expect: `PUT /v2/a/blobs/uploads/u1?digest=${encodeURIComponent(bigDigest)}`, status: 503 }
    ])
    await expect(
      store.blobPut('a', bigDigest, big.length, Readable.from([big]))
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      temporary: true
    })
    expect(script.remaining()).toEqual([])
  })

  it('collects a small stream body so its upload can be retried', async () => {
    const { script, store } = clientWith([
      {
        expect: 'POST /v2/a/blobs/uploads/',
        status: 202,
        headers: { location: '/v2/a/blobs/uploads/u1' }
      },
      { expect: `PUT /v2/a/blobs/uploads/u1?digest=${encodeURIComponent(digest)}`, status: 503 },
      { expect: `PUT /v2/a/blobs/uploads/u1?digest=${encodeURIComponent(digest)}`, status: 201 }
    ])
    await store.blobPut('a', digest, M.length, Readable.from([Buffer.from(M)]))
    expect(script.requests[2]!.body!.toString()).toBe(M)
  })

  it('does not retry 4xx answers', async () => {
    const { script, store } = clientWith([{ expect: 'HEAD /v2/a/manifests/v1', status: 403 }])
    await expect(store.manifestHead('a', 'v1')).rejects.toMatchObject({
      code: 'DENIED',
      temporary: false
    })
    expect(script.requests).toHaveLength(1)
  })
})

describe('read-only clients', () => {
  it('refuse every write before any request', async () => {
    const script = scripted([])
    const store = new RegistryClient({ baseSend: script.send, readOnly: true }).store(HOST)
    const manifest = { mediaType: MEDIA_TYPE.ociManifest, bytes: Buffer.from('{}') }
    for (const write of [
      () => store.manifestPut('a', 'v1', manifest),
      () => store.blobPut('a', digest, M.length, Buffer.from(M)),
      () => store.blobMount('a', digest, 'b'),
      () => store.referrerPut('a', manifest)
    ])
      await expect(write()).rejects.toMatchObject({ code: 'READ_ONLY' })
    expect(script.requests).toHaveLength(0)
  })
})

describe('logging', () => {
  it('logs one redacted line per request and never a credential', async () => {
    const script = scripted([
      {
        expect: 'HEAD /v2/a/manifests/v1',
        status: 401,
        headers: { 'www-authenticate': 'Basic realm=x' }
      },
      { expect: 'HEAD /v2/a/manifests/v1', ...found }
    ])
    const lines: string[] = []
    const store = new RegistryClient({
      baseSend: script.send,
      credentials: { [HOST]: { username: 'bob', password: 'sup3r-secret' } },
      log: (line) => lines.push(line)
    }).store(HOST)
    await store.manifestHead('a', 'v1')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^HEAD https:\/\/reg\.example\/v2\/a\/manifests\/v1 -> 200/)
    const auth = Buffer.from('bob:sup3r-secret').toString('base64')
    expect(lines.join('\n')).not.toMatch(new RegExp(`sup3r-secret|${auth}`))
  })
})

describe('HostLimiter', () => {
  it('limits concurrency and hands slots to waiters in order', async () => {
    const limiter = new HostLimiter({
      ...DEFAULT_HOST_CONFIG,
      concurrency: 2,
      requestsPerSecond: 1000
    })
    await limiter.acquire()
    await limiter.acquire()
    let third = false
    const waiting = limiter.acquire().then(() => (third = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(third).toBe(false)
    limiter.release()
    await waiting
    expect(third).toBe(true)
  })

  it('cuts the rate on 429 to under what the host accepted, and pauses for Retry-After', async () => {
    const limiter = new HostLimiter({ ...DEFAULT_HOST_CONFIG, requestsPerSecond: 40 })
    for (let i = 0; i < 10; i++) limiter.succeeded()
    limiter.throttled(50)
    expect(limiter.rate).toBeCloseTo(8)
    const waited = await limiter.acquire()
    expect(waited).toBeGreaterThanOrEqual(45)
    limiter.succeeded()
    expect(limiter.rate).toBeGreaterThan(8)
  })

  it('paces requests to the configured rate', async () => {
    const limiter = new HostLimiter({
      ...DEFAULT_HOST_CONFIG,
      concurrency: 1,
      requestsPerSecond: 100
    })
    const started = Date.now()
    for (let i = 0; i < 6; i++) {
      await limiter.acquire()
      limiter.release()
    }
    // the bucket starts with 2 tokens (2 x concurrency); 4 more at 100/s take ~40 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(30)
  })
})
