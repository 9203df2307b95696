// Under the fault proxy (429 with Retry-After, 503, resets, truncated bodies) a batch of writes
// and reads still completes with verified content; with every request failing, the client gives
// up within its configured bound with a clear, temporary error.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { RegistryClient } from '../../../src/oci/registry/index.js'
import { buildImage, buildIndex } from '../../harness/images.js'
import { startFaultProxy, type FaultProxy } from '../../harness/fault-proxy.js'
import { startRegistry, type TestRegistry } from '../../harness/registry.js'
import { pushWithStore, readAll } from './push-with-store.js'

let registry: TestRegistry
let proxy: FaultProxy

beforeAll(async () => {
  registry = await startRegistry()
  proxy = await startFaultProxy({ target: registry.url, seed: 7, retryAfterSeconds: 1 })
})
afterAll(async () => {
  await proxy?.stop()
  await registry?.stop()
})

const FAST_RETRIES = {
  maxAttempts: 10,
  backoffBaseMs: 5,
  backoffMaxMs: 100,
  maxRetryAfterMs: 150,
  requestsPerSecond: 1000
}

describe('a flaky registry', () => {
  it('completes a batch of reads and writes, and the stats show the retries', async () => {
    proxy.setRates({ tooManyRequests: 0.2, unavailable: 0.1, reset: 0.05, truncate: 0.02 })
    const client = new RegistryClient({ defaults: FAST_RETRIES })
    try {
      const store = client.store(proxy.host)
      const items = [
        ...Array.from({ length: 4 }, (_, i) =>
          buildImage({
            seed: `flaky-${i}`,
            family: i % 2 ? 'docker' : 'oci',
            layers: [40_000, 3000]
          })
        ),
        buildIndex([
          buildImage({ seed: 'flaky-c1' }),
          buildImage({ seed: 'flaky-c2', platform: { architecture: 'arm64', os: 'linux' } })
        ])
      ]
      await Promise.all(
        items.map((item, i) => pushWithStore(store, `flaky/img-${i}`, item, [`v${i}`, 'latest']))
      )
      await Promise.all(
        items.map(async (item, i) => {
          const repo = `flaky/img-${i}`
          expect(await store.manifestHead(repo, `v${i}`)).toMatchObject({
            digest: item.manifest.digest
          })
          expect((await store.manifestGet(repo, 'latest')).digest).toBe(item.manifest.digest)
          expect((await store.tagList(repo)).tags).toEqual(['latest', `v${i}`])
          if (item.kind === 'image')
            for (const blob of [item.config, ...item.layers])
              expect(await readAll((await store.blobGet(repo, blob.digest)).stream)).toEqual(
                Buffer.from(blob.bytes)
              )
        })
      )
      const stats = client.stats()
      const faults =
        proxy.stats.tooManyRequests +
        proxy.stats.unavailable +
        proxy.stats.reset +
        proxy.stats.truncate
      expect(faults).toBeGreaterThan(5)
      expect(stats.retries).toBeGreaterThan(0)
      expect(stats.waitedMs).toBeGreaterThan(0)
      expect(
        stats.byHost[proxy.host]!.byMethodStatus['HEAD 429'] ??
          stats.byHost[proxy.host]!.byMethodStatus['GET 429']
      ).toBeGreaterThan(0)
    } finally {
      await client.close()
      proxy.setRates({})
    }
  })

  it('gives up within the configured bound when every request fails', async () => {
    proxy.setRates({ unavailable: 1 })
    const client = new RegistryClient({
      defaults: { ...FAST_RETRIES, maxAttempts: 4, retryBudgetMs: 2000 }
    })
    try {
      const started = Date.now()
      const error = (await client
        .store(proxy.host)
        .manifestHead('flaky/img-0', 'v0')
        .catch((e: unknown) => e)) as Error
      expect(Date.now() - started).toBeLessThan(3000)
      expect(error).toMatchObject({
        code: 'UNAVAILABLE',
        temporary: true,
        status: 503,
        registry: proxy.host
      })
      expect(error.message).toContain('gave up after 4 attempts')
      expect(client.stats().retries).toBe(3)
    } finally {
      await client.close()
      proxy.setRates({})
    }
  })

  it('gives up on resets too, as a NETWORK error', async () => {
    proxy.setRates({ reset: 1 })
    const client = new RegistryClient({ defaults: { ...FAST_RETRIES, maxAttempts: 3 } })
    try {
      const error = await client
        .store(proxy.host)
        .manifestHead('flaky/img-0', 'v0')
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'NETWORK', temporary: true })
    } finally {
      await client.close()
      proxy.setRates({})
    }
  })
})
