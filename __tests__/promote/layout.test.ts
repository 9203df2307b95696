// The engine over real OCI image-layout directories (LayoutStore): mounts between layouts,
// indexes, tags, and a finished re-run that writes nothing.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { promote, type CopyRequest } from '../../src/promote/index.js'
import { pushImage, pushIndex } from './images.js'

const base = mkdtempSync(join(tmpdir(), 'promote-layout-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('promote between layout directories', () => {
  it('copies an index with its children and tags, then a re-run only reads', async () => {
    const store = new LayoutStore({ baseDir: base })
    const a = await pushImage(store, 'staging', { flavour: 'docker' })
    const b = await pushImage(store, 'staging', { flavour: 'docker' })
    const index = await pushIndex(store, 'staging', [a, b], { flavour: 'docker' })
    const request: CopyRequest = {
      id: 'layout',
      source: { store, repo: 'staging' },
      digest: index.digest,
      destination: { store, repo: 'prod' },
      tags: ['v1', 'latest']
    }
    const first = await promote([request])
    expect(first.results[0]).toMatchObject({ state: 'copied' })
    // Two children by digest, the index with its first tag, the second tag.
    expect(first.totals).toMatchObject({ mounts: 6, bytes: 0, manifestsPut: 4 })
    for (const tag of ['v1', 'latest']) {
      expect((await store.manifestHead('prod', tag))?.digest).toBe(index.digest)
    }
    const again = await promote([request])
    expect(again.results[0]!.state).toBe('exists')
    expect(again.totals).toMatchObject({ mounts: 0, manifestsPut: 0 })
  })

  it('streams when the destination is on another host: no mounts, every byte counted', async () => {
    const source = new LayoutStore({ baseDir: base })
    const image = await pushImage(source, 'src2', { layers: 2, layerSize: 300 })
    // A store whose host differs forces streaming (e.g. a registry destination).
    const destination = Object.assign(new LayoutStore({ baseDir: base }), {})
    Object.defineProperty(destination, 'host', { value: 'elsewhere' })
    const result = await promote([
      {
        id: 'stream',
        source: { store: source, repo: 'src2' },
        digest: image.digest,
        destination: { store: destination, repo: 'dst2' },
        tags: []
      }
    ])
    expect(result.totals).toMatchObject({ uploads: 3, mounts: 0, bytes: 600 + 32 })
    expect((await destination.manifestHead('dst2', image.digest))?.digest).toBe(image.digest)
  })

  it('before a tag names content already there, copies what it references that is missing', async () => {
    // A destination holding the manifest but not its layer: a registry that does not check
    // references, or a layout an earlier run damaged. The tag must not land on it as is.
    const store = new LayoutStore({ baseDir: base })
    const image = await pushImage(store, 'src3', { layers: 2 })
    const destination = Object.assign(new LayoutStore({ baseDir: base }), {})
    Object.defineProperty(destination, 'host', { value: 'elsewhere' })
    const manifest = await store.manifestGet('src3', image.digest)
    const document = JSON.parse(Buffer.from(manifest.bytes).toString()) as {
      config: { digest: string; size: number }
      layers: { digest: string; size: number }[]
    }
    const [kept, lost] = document.layers as [{ digest: string; size: number }, { digest: string }]
    for (const blob of [document.config, kept]) {
      const bytes = readFileSync(join(base, 'src3', 'blobs', 'sha256', blob.digest.slice(7)))
      await destination.blobPut('dst3', blob.digest, blob.size, bytes)
    }
    const lostPath = join(base, 'dst3', 'blobs', 'sha256', lost.digest.slice(7))
    // Write the manifest by digest through a second store with the layer present, then drop it.
    const layerBytes = readFileSync(join(base, 'src3', 'blobs', 'sha256', lost.digest.slice(7)))
    await destination.blobPut('dst3', lost.digest, layerBytes.length, layerBytes)
    await destination.manifestPut('dst3', image.digest, manifest)
    rmSync(lostPath)
    expect(await destination.blobHas('dst3', lost.digest)).toBe(false)
    const result = await promote([
      {
        id: 'complete',
        source: { store, repo: 'src3' },
        digest: image.digest,
        destination: { store: destination, repo: 'dst3' },
        tags: ['v1']
      }
    ])
    expect(result.results[0]).toMatchObject({ state: 'copied' })
    expect((await destination.manifestHead('dst3', 'v1'))?.digest).toBe(image.digest)
    expect(await destination.blobHas('dst3', lost.digest)).toBe(true)
    expect(result.totals).toMatchObject({ uploads: 1 })
  })
})
