// The per-request HEAD path stays cheap without giving up cancellation (issue #17): a run's signal
// carries one abort listener however many requests are in flight, each request still stops at
// once when it aborts, and the per-host key every wrapper uses is exactly `new URL(url).host`.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { getEventListeners } from 'node:events'
import { createServer, type Server } from 'node:http'
import { CancelledError, sleep, watchAbort } from '../../../src/cancel.js'
import { RegistryApi } from '../../../src/oci/registry/api.js'
import { DEFAULT_HOST_CONFIG } from '../../../src/oci/registry/host-config.js'
import { RegistryClient } from '../../../src/oci/registry/index.js'
import { HostLimiter } from '../../../src/oci/registry/transport/host-limiter.js'
import { hostOf } from '../../../src/oci/registry/transport/url-host.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const INDEX = 'application/vnd.oci.image.index.v1+json'
let server: Server
let host: string
/** Requests the server holds without answering (the `hang` repository). */
let held = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    if (req.url === '/v2/') return void res.end('{}')
    if (req.url?.startsWith('/v2/hang/')) {
      held++
      return
    }
    // Answered after a moment, so many requests are in flight at once.
    setTimeout(() => {
      res.writeHead(200, {
        'content-type': INDEX,
        'docker-content-digest': DIGEST,
        'content-length': '10'
      })
      res.end()
    }, 20)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  host = `127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length

describe('abort listeners on the HEAD path', () => {
  it('one listener on the run signal for 64 HEADs in flight, none after, and stats still count', async () => {
    const run = new AbortController()
    const client = new RegistryClient({ signal: run.signal })
    try {
      const store = client.store(host)
      await store.manifestHead('warm', 'up') // the scheme probe, out of the way
      let most = 0
      const watch = setInterval(() => (most = Math.max(most, listeners(run.signal))), 2)
      const heads = Array.from({ length: 64 }, (_, i) => store.manifestHead('repo', `t${i}`))
      await new Promise((resolve) => setTimeout(resolve, 10))
      most = Math.max(most, listeners(run.signal))
      const found = await Promise.all(heads)
      clearInterval(watch)
      expect(found.every((d) => d?.digest === DIGEST && d.mediaType === INDEX)).toBe(true)
      expect(most).toBe(1)
      expect(listeners(run.signal)).toBe(0)
      const stats = client.stats().byHost[host]!
      expect(stats.byMethodStatus['HEAD 200']).toBe(65)
    } finally {
      await client.close()
    }
  })

  it('an abort still stops every request in flight and every one queued for a host slot', async () => {
    const run = new AbortController()
    const client = new RegistryClient({ signal: run.signal })
    try {
      const store = client.store(host)
      await store.manifestHead('warm', 'up')
      held = 0
      // More than the host's 16 slots: some are sent and held, the rest wait for a slot.
      const heads = Array.from({ length: 40 }, (_, i) =>
        store.manifestHead('hang', `t${i}`).then(
          () => 'answered',
          (error: unknown) => error
        )
      )
      for (let i = 0; i < 100 && held < 16; i++) await sleep(10)
      expect(held).toBe(16)
      run.abort()
      const outcomes = await Promise.all(heads)
      expect(outcomes.every((o) => o instanceof CancelledError)).toBe(true)
      expect(listeners(run.signal)).toBe(0)
    } finally {
      await client.close()
    }
  })
})

describe('watchAbort', () => {
  it('calls each watcher once on abort, not a stopped one, and keeps one listener', () => {
    const controller = new AbortController()
    const calls: string[] = []
    const stopA = watchAbort(controller.signal, () => calls.push('a'))
    watchAbort(controller.signal, () => calls.push('b'))
    const stopC = watchAbort(controller.signal, () => calls.push('c'))
    expect(listeners(controller.signal)).toBe(1)
    stopC()
    controller.abort()
    controller.abort()
    stopA()
    expect(calls).toEqual(['a', 'b'])
    expect(listeners(controller.signal)).toBe(0)
  })

  it('drops the listener when the last watcher stops, and adds it back for a new one', () => {
    const controller = new AbortController()
    const stop = watchAbort(controller.signal, () => undefined)
    stop()
    stop()
    expect(listeners(controller.signal)).toBe(0)
    let called = 0
    watchAbort(controller.signal, () => called++)
    expect(listeners(controller.signal)).toBe(1)
    controller.abort()
    expect(called).toBe(1)
  })

  it('calls nothing for a signal already aborted (as a once listener added then)', () => {
    let called = 0
    const stop = watchAbort(AbortSignal.abort(), () => called++)
    stop()
    expect(called).toBe(0)
  })

  it('sleep rejects with CancelledError on abort and leaves no listener when it ends', async () => {
    const controller = new AbortController()
    await sleep(1, controller.signal)
    expect(listeners(controller.signal)).toBe(0)
    const pending = sleep(10_000, controller.signal)
    controller.abort()
    await expect(pending).rejects.toBeInstanceOf(CancelledError)
  })
})

describe('hostOf', () => {
  const urls = [
    'https://registry.example/v2/a/manifests/v1',
    'https://REGISTRY.Example:443/v2/',
    'https://registry.example:5000/v2/?n=1',
    'http://registry.example:80/v2/',
    'https://user:pa%2Fss@registry.example/v2/',
    'https://registry.example?x=/y',
    'https://registry.example#frag/x',
    'https://registry.example\\v2\\a',
    'https://reg\tistry.example/v2/',
    'https://[::1]:8443/v2/',
    'https://xn--bcher-kva.example/v2/',
    'https://bücher.example/v2/',
    'https://%72egistry.example/v2/',
    'HTTPS://registry.example/v2/',
    'https:registry.example/v2/',
    'https:///registry.example/v2/',
    'ftp://registry.example/v2/'
  ]
  it.each(urls)('is new URL(url).host for %j', (url) => {
    // Twice: the second answer comes from the kept prefix.
    expect(hostOf(url)).toBe(new URL(url).host)
    expect(hostOf(url)).toBe(new URL(url).host)
  })

  it.each(['https://exa mple/v2/', 'https://[::1/v2/', 'not a url', 'https://a:99999/'])(
    'throws as new URL does for %j',
    (url) => {
      expect(() => new URL(url)).toThrow()
      expect(() => hostOf(url)).toThrow()
      expect(() => hostOf(url)).toThrow()
    }
  )
})

describe('RegistryApi.url', () => {
  const paths = [
    '/v2/',
    '/v2/k8s-artifacts-prod/images/kube-apiserver/manifests/v1.31.0',
    `/v2/a/b/manifests/${DIGEST}`,
    '/v2/a/tags/list?n=1000&last=v1',
    '/v2/a/../b/manifests/v1',
    '/v2/a/./manifests/v1',
    '/v2/.',
    '/v2/..',
    '/v2/a/manifests/..',
    '/v2/a/manifests/.hidden',
    '/v2/a/manifests/v1..2',
    '/v2/a/manifests/%2e%2e',
    '/v2/a b/manifests/v1',
    '/v2/a/manifests/v1#frag',
    '/v2/a\\b/manifests/v1',
    '/v2/ä/manifests/v1',
    '/v2/a/manifests/v1@x:y~z_-',
    'https://other.example/v2/upload?x=1',
    '//other.example/v2/'
  ]
  it.each([
    'registry.example',
    'REGISTRY.example:443',
    '127.0.0.1:5000',
    '[::1]:5000',
    'docker.io'
  ])('is new URL(path, https://endpoint) for every path on %s', (host) => {
    const api = new RegistryApi(
      host,
      () => Promise.reject(new Error('unused')),
      DEFAULT_HOST_CONFIG
    )
    for (const path of paths)
      expect(api.url(path)).toBe(new URL(path, `https://${api.endpoint}`).toString())
  })
})

describe('HostLimiter token waits', () => {
  /** A limiter at `rate` whose burst is spent, so every further acquire waits for a token. */
  async function spent(rate: number) {
    const limiter = new HostLimiter({
      ...DEFAULT_HOST_CONFIG,
      concurrency: 16,
      requestsPerSecond: rate
    })
    for (let i = 0; i < 32; i++) {
      await limiter.acquire()
      limiter.release()
    }
    return limiter
  }

  it('waiters share one timer and get tokens in order, at the configured rate', async () => {
    const limiter = await spent(200)
    // Every wake-up asks for a token: counting the asks counts the wake-ups.
    const asks = jest.spyOn(
      HostLimiter.prototype as unknown as { takeToken: () => number },
      'takeToken'
    )
    const order: number[] = []
    const started = Date.now()
    let asked: number
    try {
      await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          limiter.acquire().then(() => {
            order.push(i)
            limiter.release()
          })
        )
      )
    } finally {
      asked = asks.mock.calls.length
      asks.mockRestore()
    }
    // A timer per waiter woke all 16 for each token: ~136 asks for 16 tokens; now one per
    // token and one per timer.
    expect(asked).toBeLessThanOrEqual(40)
    expect(order).toEqual(Array.from({ length: 16 }, (_, i) => i))
    expect(Date.now() - started).toBeGreaterThanOrEqual(16 * 5 - 10)
  })

  it('an aborted token waiter rejects with CancelledError and gives its slot back', async () => {
    const limiter = await spent(20)
    const controller = new AbortController()
    const waiting = limiter.acquire(controller.signal)
    controller.abort()
    await expect(waiting).rejects.toBeInstanceOf(CancelledError)
    expect(listeners(controller.signal)).toBe(0)
    // Its slot is free again: 16 more holders fit (they wait for tokens, not for slots).
    const next = Array.from({ length: 16 }, () => limiter.acquire())
    await Promise.all(next)
  })
})
