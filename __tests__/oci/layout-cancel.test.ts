// Cancellation into a layout directory (issue #14): a copy of a large blob stopped mid-way ends
// at once, leaves no temporary file and writes no index entry; the same copy then completes.
import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { LayoutStore } from '../../src/oci/layout/index.js'
import type { Store } from '../../src/oci/store.js'
import { promote, type CopyRequest } from '../../src/promote/index.js'
import { pushImage } from '../promote/images.js'

const base = mkdtempSync(join(tmpdir(), 'layout-cancel-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

const LAYER_SIZE = 4 * 1024 * 1024
const CHUNK_DELAY_MS = 40

/** The source on another "host" (so the copy streams), its blobs served 64 KiB per 40 ms. */
function slowSource(store: LayoutStore): Store {
  return {
    kind: 'layout',
    host: 'slow-source',
    manifestHead: (repo, reference) => store.manifestHead(repo, reference),
    manifestGet: (repo, reference) => store.manifestGet(repo, reference),
    manifestPut: (repo, reference, manifest) => store.manifestPut(repo, reference, manifest),
    blobHas: (repo, digest) => store.blobHas(repo, digest),
    blobGet: async (repo, digest) => {
      const blob = await store.blobGet(repo, digest)
      const slow = new Transform({
        transform(chunk, _encoding, done) {
          setTimeout(() => done(null, chunk), CHUNK_DELAY_MS)
        }
      })
      blob.stream.on('error', (error) => slow.destroy(error))
      slow.on('close', () => blob.stream.destroy())
      return { size: blob.size, stream: blob.stream.pipe(slow) }
    },
    blobPut: (repo, digest, size, body) => store.blobPut(repo, digest, size, body),
    blobMount: (repo, digest, from) => store.blobMount(repo, digest, from),
    tagList: (repo) => store.tagList(repo),
    referrersList: (repo, digest, type) => store.referrersList(repo, digest, type),
    referrerPut: (repo, manifest) => store.referrerPut(repo, manifest)
  }
}

/** Files a writer left in the layout (temporary names start with `.tmp-`). */
function temporaryFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  const found: string[] = []
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.name.startsWith('.tmp-')) found.push(join(entry.parentPath, entry.name))
  }
  return found
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('cancelling a copy into a layout directory', () => {
  it('stops a large blob mid-way within 1 s: no temporary file, no index entry; a re-run completes', async () => {
    const sourceStore = new LayoutStore({ baseDir: join(base, 'src') })
    const image = await pushImage(sourceStore, 'app', { layers: 1, layerSize: LAYER_SIZE })
    const destination = new LayoutStore({ baseDir: join(base, 'dst') })
    const destDir = join(base, 'dst', 'app')
    const request: CopyRequest = {
      id: 'layout-cancel',
      source: { store: slowSource(sourceStore), repo: 'app' },
      digest: image.digest,
      destination: { store: destination, repo: 'app' },
      tags: ['v1']
    }
    const controller = new AbortController()
    let streamed = 0
    const running = promote([request], {
      signal: controller.signal,
      progressIntervalMs: 1,
      onProgress: (p) => void (streamed = p.bytesDone)
    })
    // Abort once a good part of the layer is in the temporary file (the copy takes ~2.6 s).
    await until(() => streamed >= LAYER_SIZE / 4 && temporaryFiles(destDir).length > 0)
    const abortedAt = performance.now()
    controller.abort()
    const outcome = await Promise.race([
      running,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3000))
    ])
    const stoppedMs = performance.now() - abortedAt
    expect(outcome).toBeDefined()
    expect(stoppedMs).toBeLessThan(1000)
    expect(outcome!.results[0]).toMatchObject({ state: 'failed', code: 'CANCELLED' })
    expect(temporaryFiles(destDir)).toEqual([])
    const index = JSON.parse(readFileSync(join(destDir, 'index.json'), 'utf8')) as {
      manifests: unknown[]
    }
    expect(index.manifests).toEqual([])
    expect(await destination.manifestHead('app', 'v1')).toBeUndefined()
    await running

    const again = await promote([request])
    expect(again.results[0]).toMatchObject({ state: 'copied' })
    expect((await destination.manifestHead('app', 'v1'))?.digest).toBe(image.digest)
    expect(temporaryFiles(destDir)).toEqual([])
  }, 30_000)
})
