// Engine logic on in-memory stores: mount vs stream, indexes, tags, de-duplication, re-runs.
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { sha256Digest } from '../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { promote, type CopyRequest } from '../../src/promote/index.js'
import { contentDigests, pushImage, pushIndex } from './images.js'
import { MemoryHost, MemoryStore } from './memory-store.js'

function setup(sameHost: boolean) {
  const srcHost = new MemoryHost('staging.example')
  const dstHost = sameHost ? srcHost : new MemoryHost('prod.example')
  return { srcHost, dstHost, src: new MemoryStore(srcHost), dst: new MemoryStore(dstHost) }
}

function request(
  src: MemoryStore,
  dst: MemoryStore,
  digest: string,
  tags: string[] = [],
  dstRepo = 'prod/app',
  id = `${dstRepo}@${digest}:${tags.join(',')}`
): CopyRequest {
  return {
    id,
    source: { store: src, repo: 'staging/app' },
    digest,
    destination: { store: dst, repo: dstRepo },
    tags
  }
}

describe('promote: image manifests', () => {
  it('mounts every blob on the same host: zero bytes through the client', async () => {
    const { src, dst, dstHost } = setup(true)
    const image = await pushImage(src, 'staging/app', { layers: 3 })
    const result = await promote([request(src, dst, image.digest, ['v1'])])
    expect(result.ok).toBe(true)
    expect(result.results[0]).toMatchObject({
      state: 'copied',
      tags: [{ tag: 'v1', state: 'written' }]
    })
    expect(result.totals).toMatchObject({ bytes: 0, mounts: 4, uploads: 0 })
    expect(dstHost.count('blobGet')).toBe(0)
    expect((await dst.manifestHead('prod/app', 'v1'))?.digest).toBe(image.digest)
  })

  it('streams across hosts and keeps manifest bytes (and so the digest) unchanged', async () => {
    const { src, dst } = setup(false)
    const layers = [randomBytes(1000), randomBytes(2000)]
    const image = await pushImage(src, 'staging/app', { layers, flavour: 'docker' })
    const result = await promote([request(src, dst, image.digest, ['v1'])])
    expect(result.results[0]!.state).toBe('copied')
    expect(result.totals.uploads).toBe(3)
    expect(result.totals.bytes).toBe(3000 + 32)
    const copied = await dst.manifestGet('prod/app', 'v1')
    const original = await src.manifestGet('staging/app', image.digest)
    expect(Buffer.from(copied.bytes).equals(Buffer.from(original.bytes))).toBe(true)
    expect(copied.mediaType).toBe(MEDIA_TYPE.dockerManifest)
    for (const digest of await contentDigests(src, 'staging/app', image.digest)) {
      const there =
        (await dst.blobHas('prod/app', digest)) || (await dst.manifestHead('prod/app', digest))
      expect(there).toBeTruthy()
    }
  })

  it('skips blobs the destination repository already has (HEAD)', async () => {
    const { src, dst, dstHost } = setup(false)
    const shared = randomBytes(500)
    const image = await pushImage(src, 'staging/app', { layers: [shared, randomBytes(10)] })
    await dst.blobPut('prod/app', sha256Digest(shared), shared.length, shared)
    dstHost.log.length = 0
    const result = await promote([request(src, dst, image.digest)])
    expect(result.totals).toMatchObject({ blobsSkipped: 1, uploads: 2, bytes: 10 + 32 })
    expect(dstHost.log.filter((l) => l.startsWith('blobPut'))).toHaveLength(2)
  })

  it('does not upload non-distributable layers (descriptors with urls)', async () => {
    const { src, dst } = setup(false)
    const foreign = {
      mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
      digest: sha256Digest('windows base'),
      size: 12,
      urls: ['https://mcr.example/base']
    }
    const image = await pushImage(src, 'staging/app', { layers: 1, extraLayers: [foreign] })
    const result = await promote([request(src, dst, image.digest)])
    expect(result.results[0]!.state).toBe('copied')
    expect(result.totals).toMatchObject({ foreignLayers: 1, uploads: 2 })
  })
})

describe('promote: indexes', () => {
  it.each(['oci', 'docker'] as const)(
    'copies %s index children before the index',
    async (flavour) => {
      const { src, dst, dstHost } = setup(false)
      const a = await pushImage(src, 'staging/app', { flavour })
      const b = await pushImage(src, 'staging/app', { flavour })
      const inner = await pushIndex(src, 'staging/app', [b], { flavour })
      const index = await pushIndex(src, 'staging/app', [a, inner], { flavour })
      dstHost.log.length = 0
      const result = await promote([request(src, dst, index.digest, ['v1'])])
      expect(result.results[0]!.state).toBe('copied')
      const puts = dstHost.log
        .filter((l) => l.startsWith('manifestPut'))
        .map((l) => l.split(' ')[2])
      // Children by digest, innermost first; the index itself last, with its tag in one PUT.
      expect(puts).toEqual([expect.any(String), expect.any(String), inner.digest, 'v1'])
      expect(puts.slice(0, 2).sort()).toEqual([a.digest, b.digest].sort())
      expect(puts.indexOf(b.digest)).toBeLessThan(puts.indexOf(inner.digest))
      expect((await dst.manifestGet('prod/app', 'v1')).mediaType).toBe(
        flavour === 'oci' ? MEDIA_TYPE.ociIndex : MEDIA_TYPE.dockerManifestList
      )
    }
  )
})

describe('promote: tags and de-duplication', () => {
  it('several tags of one digest cost one copy carrying the first tag plus one PUT per other tag', async () => {
    const { src, dst, dstHost } = setup(false)
    const image = await pushImage(src, 'staging/app')
    dstHost.log.length = 0
    const result = await promote([
      request(src, dst, image.digest, ['v1', 'latest']),
      request(src, dst, image.digest, ['stable'])
    ])
    expect(result.totals).toMatchObject({ copied: 2, uploads: 3, manifestsPut: 3 })
    expect(
      dstHost.log.filter((l) => l.startsWith('manifestPut')).map((l) => l.split(' ')[2])
    ).toEqual(expect.arrayContaining(['v1', 'latest', 'stable']))
    expect(dstHost.count('blobPut')).toBe(3)
  })

  it('streams a blob once per destination host and mounts it into sibling repositories', async () => {
    const { src, dst, dstHost, srcHost } = setup(false)
    dstHost.uploadDelayMs = 5
    const image = await pushImage(src, 'staging/app', { layers: 2 })
    const repos = ['prod/a', 'prod/b', 'prod/c']
    const result = await promote(repos.map((repo) => request(src, dst, image.digest, ['v1'], repo)))
    expect(result.ok).toBe(true)
    expect(result.totals).toMatchObject({ uploads: 3, mounts: 6 })
    expect(srcHost.count('blobGet')).toBe(3)
  })

  it('leaves a tag that points elsewhere untouched and reports the conflict', async () => {
    const { src, dst } = setup(false)
    const image = await pushImage(src, 'staging/app')
    const other = await pushImage(dst, 'prod/app', { tag: 'v1' })
    const result = await promote([request(src, dst, image.digest, ['v1', 'v1.0'])])
    const [row] = result.results
    expect(row!.state).toBe('conflict')
    expect(row!.tags).toEqual(
      expect.arrayContaining([
        { tag: 'v1', state: 'conflict', found: other.digest },
        { tag: 'v1.0', state: 'written' }
      ])
    )
    expect(row!.reason).toContain(`points at ${other.digest}, expected ${image.digest}`)
    expect(result.ok).toBe(false)
    expect((await dst.manifestHead('prod/app', 'v1'))?.digest).toBe(other.digest)
  })

  it('a finished promotion re-run only reads and reports exists', async () => {
    const { src, dst, dstHost } = setup(false)
    const image = await pushImage(src, 'staging/app')
    const requests = [request(src, dst, image.digest, ['v1']), request(src, dst, image.digest)]
    await promote(requests)
    dstHost.log.length = 0
    const again = await promote(requests)
    expect(again.results.map((r) => r.state)).toEqual(['exists', 'exists'])
    expect(dstHost.log.every((l) => l.startsWith('manifestHead'))).toBe(true)
    expect(dstHost.log).toHaveLength(2)
  })
})

describe('promote: a tag written by someone else during the copy', () => {
  it('is read again before the write when the copy was slow, and left untouched', async () => {
    const { src, dst, dstHost } = setup(false)
    const image = await pushImage(src, 'staging/app')
    const other = await pushImage(dst, 'prod/other')
    const raced = await dst.manifestGet('prod/other', other.digest)
    dstHost.fault = (method) => {
      if (method !== 'blobPut' || dstHost.repo('prod/app').tags.has('v1')) return undefined
      // Another writer tags v1 while our blobs are still uploading.
      dstHost.repo('prod/app').manifests.set(other.digest, raced)
      dstHost.repo('prod/app').tags.set('v1', other.digest)
      return undefined
    }
    const result = await promote([request(src, dst, image.digest, ['v1'])], {
      tagRecheckAfterMs: 0
    })
    expect(result.results[0]).toMatchObject({
      state: 'conflict',
      tags: [{ tag: 'v1', state: 'conflict', found: other.digest }]
    })
    expect((await dst.manifestHead('prod/app', 'v1'))?.digest).toBe(other.digest)
    // The content itself still arrived, by digest.
    expect((await dst.manifestHead('prod/app', image.digest))?.digest).toBe(image.digest)
  })

  it('after a slow copy, a tag still missing is read again and then carries the content', async () => {
    const { src, dst, dstHost } = setup(false)
    const image = await pushImage(src, 'staging/app')
    dstHost.log.length = 0
    const result = await promote([request(src, dst, image.digest, ['v1', 'v2'])], {
      tagRecheckAfterMs: 0
    })
    expect(result.results[0]).toMatchObject({ state: 'copied' })
    const manifestCalls = dstHost.log.filter((l) => l.startsWith('manifest'))
    expect(manifestCalls.filter((l) => l.startsWith('manifestHead')).sort()).toEqual(
      [
        'manifestHead prod/app v1',
        'manifestHead prod/app v1',
        'manifestHead prod/app v2',
        'manifestHead prod/app v2',
        `manifestHead prod/app ${image.digest}`
      ].sort()
    )
    expect(manifestCalls.filter((l) => l.startsWith('manifestPut')).sort()).toEqual([
      'manifestPut prod/app v1',
      'manifestPut prod/app v2'
    ])
    expect(manifestCalls.at(-1)).toBe('manifestPut prod/app v2')
  })
})
