// What LayoutStore writes to disk is a valid OCI image layout: the oci-layout marker, an image
// index listing tags and top-level digests, and every blob reachable from it present and intact.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256Digest } from '../../src/oci/digest.js'
import { LayoutStore, REF_NAME_ANNOTATION } from '../../src/oci/layout/index.js'
import { MANIFEST_MEDIA_TYPES, MEDIA_TYPE } from '../../src/oci/media-types.js'
import type { Descriptor } from '../../src/oci/store.js'
import { buildArtifact, buildImage, buildIndex } from '../harness/images.js'
import { expectCode, pushImage, pushIndex } from './store-conformance-helpers.js'

let baseDir: string
let store: LayoutStore
beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'layout-index-'))
  store = new LayoutStore({ baseDir })
})
afterAll(() => rm(baseDir, { recursive: true, force: true }))

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
}

/** Assert the image-spec layout rules; returns index.json's entries. */
async function checkLayout(repo: string): Promise<Descriptor[]> {
  const dir = join(baseDir, repo)
  expect(await readJson(join(dir, 'oci-layout'))).toEqual({ imageLayoutVersion: '1.0.0' })
  const index = await readJson(join(dir, 'index.json'))
  expect(index).toMatchObject({ schemaVersion: 2, mediaType: MEDIA_TYPE.ociIndex })
  const entries = index.manifests as Descriptor[]
  const visit = async (descriptor: Descriptor): Promise<void> => {
    const bytes = await readFile(join(dir, 'blobs', 'sha256', descriptor.digest.slice(7)))
    expect(sha256Digest(bytes)).toBe(descriptor.digest)
    expect(bytes.length).toBe(descriptor.size)
    if (MANIFEST_MEDIA_TYPES.includes(descriptor.mediaType)) {
      const json = JSON.parse(bytes.toString()) as Record<string, Descriptor[] | Descriptor>
      const children = [json.config, json.layers, json.manifests].flat()
      for (const child of children) if (child) await visit(child as Descriptor)
    }
  }
  for (const entry of entries) await visit(entry)
  return entries
}

const tagsOf = (entries: Descriptor[]) => entries.map((e) => e.annotations?.[REF_NAME_ANNOTATION])

describe('index.json', () => {
  it('is a valid layout after pushing an index, with the tag as its only entry', async () => {
    const index = buildIndex(
      ['amd64', 'arm64'].map((architecture) =>
        buildImage({ seed: `idx-${architecture}`, platform: { os: 'linux', architecture } })
      )
    )
    await pushIndex(store, 'multi', index, 'v1')
    const entries = await checkLayout('multi')
    // The children were listed untagged when pushed, and dropped once the index made them reachable.
    expect(entries).toEqual([
      {
        mediaType: MEDIA_TYPE.ociIndex,
        digest: index.manifest.digest,
        size: index.manifest.size,
        annotations: { [REF_NAME_ANNOTATION]: 'v1' }
      }
    ])
  })

  it('lists a manifest promoted by digest alone, once, until a tag names it', async () => {
    const image = buildImage({ seed: 'tagless' })
    await pushImage(store, 'tagless', image)
    await pushImage(store, 'tagless', image)
    expect(await checkLayout('tagless')).toEqual([
      {
        mediaType: MEDIA_TYPE.ociManifest,
        digest: image.manifest.digest,
        size: image.manifest.size
      }
    ])
    expect((await store.tagList('tagless')).digests?.get(image.manifest.digest)).toEqual({
      tags: [],
      mediaType: MEDIA_TYPE.ociManifest
    })
    await store.manifestPut('tagless', 'v1', image.manifest)
    expect(tagsOf(await checkLayout('tagless'))).toEqual(['v1'])
  })

  it('replaces a moved tag in place and leaves other entries alone', async () => {
    const [a, b] = [buildImage({ seed: 'move-a' }), buildImage({ seed: 'move-b' })]
    await pushImage(store, 'move', a, 'first')
    await pushImage(store, 'move', a, 'second')
    await pushImage(store, 'move', b, 'first')
    const entries = await checkLayout('move')
    expect(entries.map((e) => [e.annotations?.[REF_NAME_ANNOTATION], e.digest])).toEqual([
      ['first', b.manifest.digest],
      ['second', a.manifest.digest]
    ])
    expect((await store.tagList('move')).digests?.get(a.manifest.digest)?.tags).toEqual(['second'])
  })

  it('records a manifest with a subject as a referrer even when put by manifestPut', async () => {
    const subject = buildImage({ seed: 'subject' })
    await pushImage(store, 'subject', subject, 'v1')
    const artifact = buildArtifact({
      seed: 'sig',
      subject: {
        mediaType: subject.manifest.mediaType,
        digest: subject.manifest.digest,
        size: subject.manifest.size
      }
    })
    await pushImage(store, 'subject', artifact)
    const fallbackTag = `sha256-${subject.manifest.digest.slice(7)}`
    expect(tagsOf(await checkLayout('subject'))).toEqual(['v1', fallbackTag])
    expect(
      (await store.referrersList('subject', subject.manifest.digest)).map((d) => d.digest)
    ).toEqual([artifact.manifest.digest])
  })

  it('keeps unknown index.json fields and reads entries written by other tools', async () => {
    const dir = join(baseDir, 'foreign')
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true })
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion": "1.0.0"}')
    await writeFile(
      join(dir, 'index.json'),
      JSON.stringify({ schemaVersion: 2, annotations: { 'org.example': 'kept' }, manifests: [] })
    )
    const image = buildImage({ seed: 'foreign' })
    await pushImage(store, 'foreign', image, 'v1')
    expect(await readJson(join(dir, 'index.json'))).toMatchObject({
      annotations: { 'org.example': 'kept' }
    })
    expect((await store.manifestHead('foreign', 'v1'))?.digest).toBe(image.manifest.digest)
  })

  it('rejects a malformed index.json or another layout version (LAYOUT_INVALID)', async () => {
    const dir = join(baseDir, 'broken')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion": "1.0.0"}')
    await writeFile(join(dir, 'index.json'), '{"manifests": "nope"}')
    await expectCode(store.tagList('broken'), 'LAYOUT_INVALID')
    await expectCode(store.manifestHead('broken', 'v1'), 'LAYOUT_INVALID')
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion": "2.0.0"}')
    await expectCode(
      store.blobPut('broken', sha256Digest('x'), 1, Buffer.from('x')),
      'LAYOUT_INVALID'
    )
  })

  it('reports a tag whose manifest blob was removed (LAYOUT_INVALID)', async () => {
    const image = buildImage({ seed: 'damaged' })
    await pushImage(store, 'damaged', image, 'v1')
    await rm(join(baseDir, 'damaged', 'blobs', 'sha256', image.manifest.digest.slice(7)))
    await expectCode(store.manifestGet('damaged', 'v1'), 'LAYOUT_INVALID')
  })
})
