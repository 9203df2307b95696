// Interoperability with a real, independent layout implementation (skopeo, containers/image):
// skopeo reads and copies what LayoutStore writes, and LayoutStore reads what skopeo writes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sha256Digest } from '../../src/oci/digest.js'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { buildImage, buildIndex } from '../harness/images.js'
import { pushImage, pushIndex, readAll } from './store-conformance-helpers.js'

const run = promisify(execFile)
let baseDir: string
let store: LayoutStore

/** skopeo with a policy that accepts unsigned local images (no system configuration read). */
async function skopeo(...args: string[]): Promise<string> {
  const { stdout } = await run('skopeo', ['--insecure-policy', ...args], {
    cwd: baseDir,
    encoding: 'buffer',
    maxBuffer: 1 << 24
  })
  return stdout.toString('latin1')
}

beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'layout-interop-'))
  store = new LayoutStore({ baseDir })
})
afterAll(() => rm(baseDir, { recursive: true, force: true }))

describe('skopeo and LayoutStore', () => {
  const children = ['amd64', 'arm64'].map((architecture) =>
    buildImage({
      seed: `interop-${architecture}`,
      platform: { os: 'linux', architecture },
      layers: [2048, 512]
    })
  )
  const index = buildIndex(children)

  it('skopeo reads the exact manifest bytes and copies every blob of a layout we wrote', async () => {
    await pushIndex(store, 'ours', index, 'v1')
    const raw = await skopeo('inspect', '--raw', 'oci:ours:v1')
    expect(sha256Digest(Buffer.from(raw, 'latin1'))).toBe(index.manifest.digest)
    // copy --all reads (and digest-checks) every child manifest, config and layer.
    await skopeo('copy', '--all', '--preserve-digests', 'oci:ours:v1', 'oci:theirs:v1')
  })

  it('LayoutStore reads the layout skopeo wrote, and adds to it without disturbing skopeo', async () => {
    expect((await store.manifestHead('theirs', 'v1'))?.digest).toBe(index.manifest.digest)
    for (const child of children) {
      expect((await store.manifestGet('theirs', child.manifest.digest)).digest).toBe(
        child.manifest.digest
      )
      const layer = child.layers[1]!
      expect(
        (await readAll((await store.blobGet('theirs', layer.digest)).stream)).equals(
          Buffer.from(layer.bytes)
        )
      ).toBe(true)
    }
    const extra = buildImage({ seed: 'interop-extra' })
    await pushImage(store, 'theirs', extra, 'v2')
    expect((await store.tagList('theirs')).tags).toEqual(['v1', 'v2'])
    const raw = await skopeo('inspect', '--raw', 'oci:theirs:v2')
    expect(sha256Digest(Buffer.from(raw, 'latin1'))).toBe(extra.manifest.digest)
    await skopeo('copy', '--all', '--preserve-digests', 'oci:theirs:v1', 'oci:again:v1')
  })
})
