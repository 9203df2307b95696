// LayoutStore writes are atomic: no partial blob is ever visible (even when the writing process
// is killed), and concurrent index.json updates in one process lose no entries.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { sha256Digest } from '../../src/oci/digest.js'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { buildArtifact, buildImage } from '../harness/images.js'
import { expectCode, pushImage, readAll } from './store-conformance-helpers.js'

// One process (node with tsx's loader), not the tsx binary: that would run the writer in a
// grandchild that survives SIGKILL and keeps writing.
const TSX_LOADER = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href
const CONTENT = Buffer.alloc(1 << 20, 1)
const DIGEST = sha256Digest(CONTENT)

let baseDir: string
let store: LayoutStore
beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'layout-atomicity-'))
  store = new LayoutStore({ baseDir })
})
afterAll(() => rm(baseDir, { recursive: true, force: true }))

function blobFile(repo: string): string {
  return join(baseDir, repo, 'blobs', 'sha256', DIGEST.slice(7))
}

async function waitForTemporaryFile(dir: string): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const names = await readdir(dir).catch(() => [])
    if (names.some((name) => name.startsWith('.tmp-'))) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

describe('blob writes', () => {
  it('leaves no partial blob visible when the writing process is killed', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        TSX_LOADER,
        join('__tests__', 'oci', 'layout-kill-writer.ts'),
        baseDir,
        'killed',
        DIGEST,
        String(CONTENT.length)
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    const [line] = (await once(child.stdout, 'data')) as [Buffer]
    expect(line.toString()).toBe('writing\n')
    // Mid-write: bytes are on disk in a temporary file, but the blob does not exist.
    expect(await waitForTemporaryFile(join(baseDir, 'killed'))).toBe(true)
    expect(await store.blobHas('killed', DIGEST)).toBe(false)
    child.kill('SIGKILL')
    await once(child, 'exit')
    expect(await store.blobHas('killed', DIGEST)).toBe(false)
    await expectCode(readFile(blobFile('killed')), 'ENOENT')
    const temporary = async () =>
      (await readdir(join(baseDir, 'killed'))).filter((name) => name.startsWith('.tmp-'))
    expect(await temporary()).toHaveLength(1)
    // The next write of the same blob succeeds and reads back whole, in a fresh process (a
    // re-run), which removes the dead writer's temporary file.
    await new LayoutStore({ baseDir }).blobPut('killed', DIGEST, CONTENT.length, CONTENT)
    expect((await readAll((await store.blobGet('killed', DIGEST)).stream)).equals(CONTENT)).toBe(
      true
    )
    expect(await temporary()).toEqual([])
  }, 30_000)

  it('removes its temporary file and publishes nothing when the source stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'))
      }
    })
    failing.push(CONTENT.subarray(0, 1000))
    await expect(store.blobPut('failed', DIGEST, CONTENT.length, failing)).rejects.toThrow(
      'connection reset'
    )
    expect(await store.blobHas('failed', DIGEST)).toBe(false)
    expect((await readdir(join(baseDir, 'failed'))).filter((n) => n.startsWith('.tmp-'))).toEqual(
      []
    )
  })

  it('publishes nothing when the content does not match (DIGEST_INVALID, SIZE_INVALID)', async () => {
    const truncated = Readable.from([CONTENT.subarray(1)])
    await expectCode(store.blobPut('mismatch', DIGEST, CONTENT.length, truncated), 'SIZE_INVALID')
    await expectCode(
      store.blobPut('mismatch', DIGEST, CONTENT.length, Buffer.alloc(CONTENT.length, 2)),
      'DIGEST_INVALID'
    )
    expect(await store.blobHas('mismatch', DIGEST)).toBe(false)
  })
})

describe('concurrent index.json updates', () => {
  it('keeps all 50 tags written concurrently', async () => {
    const image = buildImage({ seed: 'concurrent' })
    await pushImage(store, 'concurrent', image)
    const tags = Array.from({ length: 50 }, (_, i) => `t${String(i).padStart(2, '0')}`)
    await Promise.all(tags.map((tag) => store.manifestPut('concurrent', tag, image.manifest)))
    expect((await store.tagList('concurrent')).tags).toEqual(tags)
    const index = JSON.parse(await readFile(join(baseDir, 'concurrent', 'index.json'), 'utf8')) as {
      manifests: unknown[]
    }
    // 50 tagged entries; the untagged entry of the digest is replaced by the tagged ones.
    expect(index.manifests).toHaveLength(50)
  })

  it('keeps all 10 referrers of one subject written concurrently', async () => {
    const subject = buildImage({ seed: 'concurrent-referrers' })
    await pushImage(store, 'referrers', subject, 'v1')
    const artifacts = Array.from({ length: 10 }, (_, i) =>
      buildArtifact({
        seed: `referrer-${i}`,
        subject: {
          mediaType: subject.manifest.mediaType,
          digest: subject.manifest.digest,
          size: subject.manifest.size
        }
      })
    )
    for (const artifact of artifacts) {
      for (const blob of [artifact.config, ...artifact.layers])
        await store.blobPut('referrers', blob.digest, blob.size, blob.bytes)
    }
    await Promise.all(
      artifacts.map((artifact) => store.referrerPut('referrers', artifact.manifest))
    )
    const listed = await store.referrersList('referrers', subject.manifest.digest)
    expect(listed.map((d) => d.digest).sort()).toEqual(
      artifacts.map((a) => a.manifest.digest).sort()
    )
  })
})
