// Failure isolation, fail-fast, abort, bad source bytes, and an interrupted run finished by a re-run.
import { describe, expect, it } from '@jest/globals'
import { PassThrough, Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { sha256Digest } from '../../src/oci/digest.js'
import { pushImage } from './images.js'
import { MemoryHost, MemoryStore } from './memory-store.js'
import { promote, type CopyRequest } from '../../src/promote/index.js'

function setup() {
  const srcHost = new MemoryHost('staging.example')
  const dstHost = new MemoryHost('prod.example')
  return { srcHost, dstHost, src: new MemoryStore(srcHost), dst: new MemoryStore(dstHost) }
}

function edge(src: MemoryStore, dst: MemoryStore, repo: string, digest: string): CopyRequest {
  return {
    id: repo,
    source: { store: src, repo: 'staging/app' },
    digest,
    destination: { store: dst, repo },
    tags: ['v1']
  }
}

/** A non-conformant destination that stores manifests re-serialized (under another digest). */
class RewritingStore extends MemoryStore {
  override async manifestPut(
    repo: string,
    reference: string,
    manifest: Parameters<MemoryStore['manifestPut']>[2]
  ): Promise<string> {
    const text = JSON.stringify(JSON.parse(Buffer.from(manifest.bytes).toString()), null, 1)
    const bytes = Buffer.from(text)
    const stored = reference.startsWith('sha256:') ? sha256Digest(bytes) : reference
    return super.manifestPut(repo, stored, { ...manifest, bytes })
  }
}

describe('promote under failure', () => {
  it('a destination that rewrites manifests fails the edge with DESTINATION_DIGEST_MISMATCH', async () => {
    const { src, dstHost } = setup()
    const dst = new RewritingStore(dstHost)
    const image = await pushImage(src, 'staging/app')
    const result = await promote([edge(src, dst, 'prod/app', image.digest)])
    expect(result.ok).toBe(false)
    expect(result.results[0]).toMatchObject({
      state: 'failed',
      code: 'DESTINATION_DIGEST_MISMATCH'
    })
    expect(result.results[0]!.reason).toContain(`expected ${image.digest}`)
    // The registry holds no manifest at the source digest. Its first tag was PUT with the content
    // (one request), so it names what the registry stored instead: reported, never moved later.
    expect(await dst.manifestHead('prod/app', image.digest)).toBeUndefined()
    expect((await dst.manifestHead('prod/app', 'v1'))?.digest).not.toBe(image.digest)
  })

  it('isolates a failing edge: the others complete, all failures reported', async () => {
    const { src, dst, dstHost } = setup()
    const image = await pushImage(src, 'staging/app')
    dstHost.fault = (method, repo) =>
      method === 'manifestPut' && repo === 'prod/bad' ? new Error('disk full') : undefined
    const result = await promote(
      ['prod/a', 'prod/bad', 'prod/c'].map((r) => edge(src, dst, r, image.digest))
    )
    expect(result.results.map((r) => r.state)).toEqual(['copied', 'failed', 'copied'])
    expect(result.results[1]).toMatchObject({ code: 'COPY_FAILED', reason: 'disk full' })
    expect(result.ok).toBe(false)
    expect(result.stopped).toBe(false)
    expect(await dst.manifestHead('prod/bad', 'v1')).toBeUndefined()
  })

  it('fail-fast stops starting new edges after the first failure', async () => {
    const { src, dst, dstHost } = setup()
    const image = await pushImage(src, 'staging/app')
    dstHost.fault = (method, repo) =>
      method === 'blobPut' && repo === 'prod/a' ? new Error('denied') : undefined
    const result = await promote(
      ['prod/a', 'prod/b', 'prod/c'].map((r) => edge(src, dst, r, image.digest)),
      { failFast: true, concurrency: 1 }
    )
    expect(result.results.map((r) => r.code)).toEqual(['COPY_FAILED', 'CANCELLED', 'CANCELLED'])
    expect(result.stopped).toBe(true)
    expect(dstHost.count('manifestPut prod/b')).toBe(0)
  })

  it('stops at the next step when the signal aborts, leaving no tag on partial content', async () => {
    const { src, dst, dstHost } = setup()
    const image = await pushImage(src, 'staging/app', { layers: 4 })
    const controller = new AbortController()
    dstHost.fault = (method) => {
      if (method === 'blobPut') controller.abort()
      return undefined
    }
    const result = await promote([edge(src, dst, 'prod/a', image.digest)], {
      signal: controller.signal,
      streamConcurrency: 1
    })
    expect(result.results[0]!.code).toBe('CANCELLED')
    expect(dstHost.count('manifestPut')).toBe(0)
    expect(await dst.manifestHead('prod/a', 'v1')).toBeUndefined()
  })

  it('refuses source bytes that do not match the digest', async () => {
    const { src, dst, srcHost } = setup()
    const image = await pushImage(src, 'staging/app')
    const stored = srcHost.repo('staging/app').manifests.get(image.digest)!
    stored.bytes = Buffer.from(
      Buffer.from(stored.bytes).toString().replace('"schemaVersion": 2', '"schemaVersion":2')
    )
    const result = await promote([edge(src, dst, 'prod/a', image.digest)])
    expect(result.results[0]!.code).toBe('DIGEST_MISMATCH')
    expect(await dst.manifestHead('prod/a', 'v1')).toBeUndefined()
  })

  it('a re-run after an interruption finishes without re-uploading what arrived', async () => {
    const { src, dst, dstHost } = setup()
    const image = await pushImage(src, 'staging/app', { layers: 5 })
    let uploads = 0
    dstHost.fault = (method) =>
      method === 'blobPut' && ++uploads > 3 ? new Error('killed') : undefined
    const first = await promote([edge(src, dst, 'prod/a', image.digest)], { streamConcurrency: 1 })
    expect(first.results[0]!.state).toBe('failed')
    expect(await dst.manifestHead('prod/a', 'v1')).toBeUndefined()
    dstHost.fault = undefined
    const second = await promote([edge(src, dst, 'prod/a', image.digest)])
    expect(second.results[0]!.state).toBe('copied')
    expect(second.totals).toMatchObject({ blobsSkipped: 3, uploads: 3 })
    expect((await dst.manifestHead('prod/a', 'v1'))?.digest).toBe(image.digest)
  })

  it('rejects a request that does not name a digest', async () => {
    const { src, dst } = setup()
    const result = await promote([edge(src, dst, 'prod/a', 'v1')])
    expect(result.results[0]).toMatchObject({ state: 'failed', code: 'COPY_FAILED' })
  })

  it('fails promptly when the source breaks mid-blob, even if the store pipes the body', async () => {
    const { src, dst } = setup()
    const image = await pushImage(src, 'staging/app', { layers: 1, layerSize: 4096 })
    const broken = Object.create(src) as MemoryStore
    broken.blobGet = async (repo, digest) => {
      const reader = await src.blobGet(repo, digest)
      const stream = new Readable({ read() {} })
      stream.push(Buffer.alloc(10))
      setTimeout(() => stream.destroy(new Error('source reset')), 5)
      return { size: reader.size, stream }
    }
    // pipe() does not forward the body's error: without the engine's guard this never settles.
    dst.blobPut = async (_repo, _digest, _size, body) => {
      const sink = new PassThrough()
      ;(body as Readable).pipe(sink).resume()
      await finished(sink)
    }
    const request = {
      ...edge(src, dst, 'prod/a', image.digest),
      source: { store: broken, repo: 'staging/app' }
    }
    const result = await promote([request])
    expect(result.results[0]).toMatchObject({ state: 'failed', reason: 'source reset' })
  })
})
