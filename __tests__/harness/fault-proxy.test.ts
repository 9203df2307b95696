// The fault proxy injects exactly what it is told to, keeps uploads on itself, and paginates tags.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { startFaultProxy, type FaultProxy } from './fault-proxy.js'
import { headerValue, httpRequest } from './http.js'
import { buildArtifact, buildImage, descriptorOf } from './images.js'
import { startRegistry, type TestRegistry } from './registry.js'
import { pushImage } from './seed.js'

let registry: TestRegistry
let proxy: FaultProxy | undefined
beforeAll(async () => {
  registry = await startRegistry({ tls: true })
  await pushImage(registry, 'base/app', buildImage({ seed: 'proxied', layers: [64 * 1024] }), [
    'a',
    'c',
    'b',
    'd',
    'e'
  ])
})
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})
afterAll(async () => {
  await registry.stop()
})

const start = async (options: Omit<Parameters<typeof startFaultProxy>[0], 'target' | 'ca'>) => {
  proxy = await startFaultProxy({ target: registry.url, ca: registry.caPem, ...options })
  return proxy
}

describe('startFaultProxy', () => {
  it('fails the first matching requests with 429 + Retry-After, then passes', async () => {
    const p = await start({
      failFirst: { count: 2, fault: 'tooManyRequests', match: /^GET \/v2\/base\// },
      retryAfterSeconds: 7
    })
    expect((await httpRequest(`${p.url}/v2/`)).status).toBe(200)
    const first = await httpRequest(`${p.url}/v2/base/app/tags/list`)
    expect(first.status).toBe(429)
    expect(headerValue(first, 'retry-after')).toBe('7')
    expect(JSON.parse(first.body.toString()).errors[0].code).toBe('TOOMANYREQUESTS')
    expect((await httpRequest(`${p.url}/v2/base/app/tags/list`)).status).toBe(429)
    expect((await httpRequest(`${p.url}/v2/base/app/tags/list`)).status).toBe(200)
    expect(p.stats).toMatchObject({ requests: 4, tooManyRequests: 2, passed: 2 })
  })

  it('injects seeded rates whose counts match what clients saw', async () => {
    const p = await start({ rates: { unavailable: 0.3, serverError: 0.2 }, seed: 7 })
    const statuses: number[] = []
    for (let i = 0; i < 60; i++) statuses.push((await httpRequest(`${p.url}/v2/`)).status)
    const count = (s: number) => statuses.filter((x) => x === s).length
    expect(count(503)).toBe(p.stats.unavailable)
    expect(count(500)).toBe(p.stats.serverError)
    expect(count(200)).toBe(p.stats.passed)
    expect(p.stats.unavailable).toBeGreaterThan(5)
    expect(p.stats.serverError).toBeGreaterThan(3)
    p.setRates({})
    expect((await httpRequest(`${p.url}/v2/`)).status).toBe(200)
  })

  it('resets connections and truncates bodies', async () => {
    const p = await start({ failFirst: { count: 1, fault: 'reset' } })
    await expect(httpRequest(`${p.url}/v2/`)).rejects.toMatchObject({
      code: 'HARNESS_REQUEST_FAILED'
    })
    const image = buildImage({ seed: 'proxied', layers: [64 * 1024] })
    p.setFailFirst({ count: 1, fault: 'truncate', match: /\/blobs\// })
    const blobUrl = `${p.url}/v2/base/app/blobs/${image.layers[0].digest}`
    await expect(httpRequest(blobUrl)).rejects.toBeDefined()
    const whole = await httpRequest(blobUrl)
    expect(whole.body.length).toBe(image.layers[0].size)
    expect(p.stats).toMatchObject({ reset: 1, truncate: 1 })
  })

  it('keeps uploads on the proxy (Location rewritten) in front of a TLS registry', async () => {
    const p = await start({})
    const mark = await registry.accessLog.mark()
    await pushImage({ url: p.url }, 'via/proxy', buildImage({ seed: 'upload' }), ['v1'])
    const summary = await registry.accessLog.summary(mark)
    expect(summary.by['PUT upload 201']).toBe(2)
    expect(p.stats.passed).toBe(summary.total) // every upload PUT went through the proxy
  })

  it('answers 429 above the per-second quota', async () => {
    const p = await start({ quotaPerSecond: 2 })
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => httpRequest(`${p.url}/v2/`).then((r) => r.status))
    )
    const rejected = statuses.filter((s) => s === 429).length
    // 10 requests in a few ms span at most two one-second windows: at most 4 pass.
    expect(rejected).toBeGreaterThanOrEqual(6)
    expect(p.stats.quotaExceeded).toBe(rejected)
  })

  it('emulates tag-list pagination with n and Link', async () => {
    const p = await start({ tagPageSize: 100 })
    const tags: string[] = []
    let next: string | undefined = '/v2/base/app/tags/list?n=2'
    while (next) {
      const res = await httpRequest(`${p.url}${next}`)
      const page = JSON.parse(res.body.toString()).tags as string[]
      expect(page.length).toBeLessThanOrEqual(2)
      tags.push(...page)
      next = /<([^>]+)>;\s*rel="next"/.exec(headerValue(res, 'link') ?? '')?.[1]
    }
    expect(tags).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('delays requests by the configured range', async () => {
    const p = await start({ rates: { delayMs: [40, 40] } })
    const began = Date.now()
    expect((await httpRequest(`${p.url}/v2/`)).status).toBe(200)
    expect(Date.now() - began).toBeGreaterThanOrEqual(35)
    expect(p.stats).toMatchObject({ delayed: 1, passed: 1 })
  })

  it('emulates the referrers API for manifests pushed through it', async () => {
    const p = await start({ referrers: true })
    const subject = buildImage({ seed: 'subject' })
    await pushImage({ url: p.url }, 'ref/app', subject)
    const sbom = buildArtifact({
      seed: 'sbom',
      subject: descriptorOf(subject.manifest),
      artifactType: 'application/spdx+json'
    })
    const sig = buildArtifact({
      seed: 'sig',
      subject: descriptorOf(subject.manifest),
      artifactType: 'application/vnd.dev.cosign.simplesigning.v1+json'
    })
    await pushImage({ url: p.url }, 'ref/app', sbom)
    await pushImage({ url: p.url }, 'ref/app', sig)
    const all = await httpRequest(`${p.url}/v2/ref/app/referrers/${subject.manifest.digest}`)
    expect(all.status).toBe(200)
    const listed = JSON.parse(all.body.toString()).manifests as Array<{
      digest: string
      artifactType: string
    }>
    expect(listed.map((d) => d.digest).sort()).toEqual(
      [sbom.manifest.digest, sig.manifest.digest].sort()
    )
    const filtered = await httpRequest(
      `${p.url}/v2/ref/app/referrers/${subject.manifest.digest}?artifactType=application/spdx%2Bjson`
    )
    expect(headerValue(filtered, 'oci-filters-applied')).toBe('artifactType')
    expect(JSON.parse(filtered.body.toString()).manifests).toEqual([
      {
        mediaType: sbom.manifest.mediaType,
        digest: sbom.manifest.digest,
        size: sbom.manifest.size,
        artifactType: 'application/spdx+json'
      }
    ])
    expect(
      (
        await httpRequest(`${registry.url}/v2/ref/app/referrers/${subject.manifest.digest}`, {
          ca: registry.caPem
        })
      ).status
    ).toBe(404)
  })
})
