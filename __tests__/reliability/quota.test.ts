// Quota: a registry that answers 429 above N requests per second. A client configured for far
// more adapts: every request completes without error, and the request rate it settles at (second
// half of the run, every attempt counted) is under the limit.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sha256Digest } from '../../src/oci/digest.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { recordResult, since } from './results.js'

const QUOTA_PER_SECOND = 20
const REQUESTS = 300
let registry: TestRegistry
let proxy: FaultProxy

beforeAll(async () => {
  registry = await startRegistry()
  proxy = await startFaultProxy({
    target: registry.url,
    quotaPerSecond: QUOTA_PER_SECOND,
    retryAfterSeconds: 1
  })
})
afterAll(async () => {
  await proxy?.stop()
  await registry?.stop()
})

describe('a registry with a request quota', () => {
  it('the run adapts: no error, and the request rate settles under the limit', async () => {
    const sent: number[] = []
    const client = new RegistryClient({
      defaults: { requestsPerSecond: 200, concurrency: 16, maxAttempts: 10, maxRetryAfterMs: 1000 },
      log: () => void sent.push(performance.now())
    })
    const store = client.store(proxy.host)
    const started = performance.now()
    try {
      const answers = await Promise.all(
        Array.from({ length: REQUESTS }, (_, i) =>
          store.blobHas('quota/app', sha256Digest(`q${i}`))
        )
      )
      expect(answers.every((a) => a === false)).toBe(true)
    } finally {
      await client.close()
    }
    const ms = since(started)
    const stats = client.stats()
    const seconds = Math.ceil(ms / 1000)
    const perSecond = Array.from(
      { length: seconds },
      (_, s) => sent.filter((t) => t - started >= s * 1000 && t - started < (s + 1) * 1000).length
    )
    const tail = perSecond.slice(Math.floor(seconds / 2), -1)
    const settled = tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length)
    recordResult('quota', {
      quotaPerSecond: QUOTA_PER_SECOND,
      requests: REQUESTS,
      attempts: sent.length,
      rejected429: proxy.stats.quotaExceeded,
      ms,
      requestsPerSecond: perSecond,
      settledRate: Math.round(settled * 10) / 10,
      clientRetries: stats
    })
    expect(sent.length).toBeGreaterThanOrEqual(REQUESTS)
    // Every attempt counts, 429s included; and the client does not crawl far below the quota.
    expect(settled).toBeLessThanOrEqual(QUOTA_PER_SECOND)
    expect(settled).toBeGreaterThan(QUOTA_PER_SECOND * 0.6)
  })
})
