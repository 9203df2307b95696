// Same-host promotion on the real registry: every blob is mounted (zero blob bytes through the
// client), indexes, Docker and OCI media types, several tags, and a re-run that only reads.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { promote } from '../../src/promote/index.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { seedWorkload, type SeededWorkload } from '../harness/seed.js'
import { expectPromoted } from './registry-fixtures.js'
import { newClient, requestsFor } from './registry-requests.js'

let registry: TestRegistry
let workload: SeededWorkload

beforeAll(async () => {
  registry = await startRegistry()
  workload = await seedWorkload(registry, {
    prefix: 'staging',
    repositories: 2,
    imagesPerRepository: 4,
    seed: 'promote-same-host'
  })
})
afterAll(() => registry?.stop())

describe('same-host promotion', () => {
  it('mounts every blob from staging into production and writes every tag', async () => {
    expect(workload.images.some((i) => i.children)).toBe(true)
    expect(new Set(workload.images.map((i) => i.mediaType)).size).toBeGreaterThan(2)
    const client = newClient()
    const store = client.store(registry.host)
    const mark = await registry.accessLog.mark()
    const result = await promote(requestsFor(workload.images, store, store, 'prod'))
    expect(result.results.filter((r) => r.state !== 'copied')).toEqual([])
    expect(result.totals.bytes).toBe(0)
    expect(result.totals.uploads).toBe(0)
    const log = await registry.accessLog.summary(mark)
    expect(log.by['GET blob 200'] ?? 0).toBe(0)
    expect(log.byKind.upload ?? 0).toBe(0)
    expect(log.by['POST mount 201']).toBe(result.totals.mounts)
    await expectPromoted(workload.images, store, store, 'prod')
    await client.close()
  })

  it('costs per image: a HEAD per tag, a GET per manifest, a mount per blob, a PUT per tag (the first carries the content), a verifying HEAD', async () => {
    const client = newClient()
    const store = client.store(registry.host)
    const mark = await registry.accessLog.mark()
    const result = await promote(requestsFor(workload.images, store, store, 'counted'))
    expect(result.ok).toBe(true)
    const log = await registry.accessLog.summary(mark)
    const images = workload.images
    const tags = images.reduce((n, i) => n + i.tags.length, 0)
    const children = images.reduce((n, i) => n + (i.children?.length ?? 0), 0)
    const indexes = images.filter((i) => i.children).length
    const untagged = images.filter((i) => i.tags.length === 0).length
    expect(log.by).toEqual({
      // Asked first only where the answer saves work: an index, an untagged image (a re-run).
      'HEAD manifest 404': tags + indexes + untagged,
      'GET manifest 200': images.length + children,
      'POST mount 201': result.totals.mounts,
      // Index children and untagged images by digest; a tagged image is PUT once per tag.
      'PUT manifest 201': children + untagged + tags,
      'HEAD manifest 200': images.length
    })
    expect(result.totals.manifestsPut).toBe(children + untagged + tags)
    await expectPromoted(workload.images, store, store, 'counted')
    await client.close()
  })

  it('a new tag for an image already there costs what a copy does: its blobs are placed again, no PUT by digest', async () => {
    const image = workload.images.find((i) => !i.children && i.tags.length > 0)!
    const client = newClient()
    const store = client.store(registry.host)
    const [request] = requestsFor([image], store, store, 'retag')
    await promote([{ ...request!, tags: [] }])
    const mark = await registry.accessLog.mark()
    const result = await promote([request!])
    expect(result.results[0]).toMatchObject({ state: 'copied' })
    expect(result.results[0]!.tags.map((t) => t.state)).toEqual(image.tags.map(() => 'written'))
    const entries = await registry.accessLog.entries(mark)
    const puts = entries.filter((e) => e.method === 'PUT').map((e) => e.path.split('/').at(-1))
    expect(puts.sort()).toEqual([...image.tags].sort())
    const log = await registry.accessLog.summary(mark)
    expect(log.by).toEqual({
      'HEAD manifest 404': image.tags.length,
      'GET manifest 200': 1,
      'POST mount 201': result.totals.mounts,
      'PUT manifest 201': image.tags.length,
      'HEAD manifest 200': 1
    })
    await expectPromoted([image], store, store, 'retag')
    await client.close()
  })

  it('a re-run of the finished promotion only reads', async () => {
    const client = newClient()
    const store = client.store(registry.host)
    const mark = await registry.accessLog.mark()
    const result = await promote(requestsFor(workload.images, store, store, 'prod'))
    expect(result.results.every((r) => r.state === 'exists')).toBe(true)
    const log = await registry.accessLog.summary(mark)
    expect(Object.keys(log.byMethod).sort()).toEqual(['HEAD'])
    const edgesOrTags = workload.images.reduce((n, i) => n + Math.max(1, i.tags.length), 0)
    expect(log.total).toBe(edgesOrTags)
    await client.close()
  })
})
