// LayoutStore's catalog walk and local mounts: nested layouts found, blob directories skipped,
// mounts linking the same file (zero bytes copied).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256Digest } from '../../src/oci/digest.js'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { buildImage } from '../harness/images.js'
import { pushImage } from './store-conformance-helpers.js'

let baseDir: string
let store: LayoutStore
beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'layout-catalog-'))
  store = new LayoutStore({ baseDir })
  const image = buildImage({ seed: 'catalog' })
  for (const repo of ['prod/foo', 'prod/foo/bar', 'prod/baz', 'staging/foo']) {
    await pushImage(store, repo, image, 'v1')
  }
  // Not layouts: a plain directory, a hidden one, and an oci-layout inside a layout's blobs.
  await mkdir(join(baseDir, 'prod', 'empty'), { recursive: true })
  await mkdir(join(baseDir, '.hidden'), { recursive: true })
  await writeFile(join(baseDir, '.hidden', 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  await writeFile(join(baseDir, 'prod', 'foo', 'blobs', 'oci-layout'), '{}')
})
afterAll(() => rm(baseDir, { recursive: true, force: true }))

describe('catalog', () => {
  it('lists every layout directory below the base, nested ones included', async () => {
    expect(await store.catalog()).toEqual(['prod/baz', 'prod/foo', 'prod/foo/bar', 'staging/foo'])
  })

  it('lists only below a prefix, and nothing below a missing one', async () => {
    expect(await store.catalog('prod/foo')).toEqual(['prod/foo', 'prod/foo/bar'])
    expect(await store.catalog('nowhere')).toEqual([])
  })

  it('names the base itself "." when it is a layout', async () => {
    const base = new LayoutStore({ baseDir: join(baseDir, 'staging', 'foo') })
    expect(await base.catalog()).toEqual(['.'])
    expect(await base.tagList('.')).toMatchObject({ exists: true, tags: ['v1'] })
  })
})

describe('blobMount', () => {
  it('links the same file into the target layout instead of copying bytes', async () => {
    const bytes = Buffer.from('linked, not copied')
    const digest = sha256Digest(bytes)
    await store.blobPut('mount/a', digest, bytes.length, bytes)
    expect(await store.blobMount('mount/b', digest, 'mount/a')).toBe(true)
    const path = (repo: string) => join(baseDir, repo, 'blobs', 'sha256', digest.slice(7))
    const [from, to] = [await stat(path('mount/a')), await stat(path('mount/b'))]
    expect(to.ino).toBe(from.ino)
    expect(to.nlink).toBe(2)
    // Mounting again is a no-op that still reports success.
    expect(await store.blobMount('mount/b', digest, 'mount/a')).toBe(true)
  })

  it('has the oci: host shared by all layout directories', () => {
    expect(store.host).toBe('oci:')
    expect(store.kind).toBe('layout')
  })
})
