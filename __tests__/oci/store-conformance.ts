// The Store conformance battery: the same behavioural tests for every Store implementation
// (LayoutStore here; RegistryStore against the real distribution registry). Import and call
// describeStoreConformance from a *.test.ts file with a setup that yields a fresh store.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { sha256Digest } from '../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import type { Store } from '../../src/oci/store.js'
import { buildArtifact, buildImage, buildIndex, manifestOf } from '../harness/images.js'
import { expectCode, pushImage, pushIndex, readAll } from './store-conformance-helpers.js'

export interface ConformanceContext {
  store: Store
  /**
   * The store's `repo` argument for a test repository name (lower case, digits and `-`), spelled
   * as the store's `catalog()` lists it.
   */
  repo: (name: string) => string
  teardown(): Promise<void>
}

/** Runs the battery on the store `setup` returns (called once; every test uses its own repos). */
export function describeStoreConformance(
  name: string,
  setup: () => Promise<ConformanceContext>
): void {
  describe(`Store conformance: ${name}`, () => {
    let context: ConformanceContext
    let store: Store
    let repo: (name: string) => string
    beforeAll(async () => {
      context = await setup()
      store = context.store
      repo = context.repo
    })
    afterAll(async () => {
      await context?.teardown()
    })

    it('puts a manifest by tag and reads it back by tag and by digest', async () => {
      const r = repo('manifest-tag')
      const image = buildImage({ seed: 'manifest-tag' })
      expect(await pushImage(store, r, image, 'v1')).toBe(image.manifest.digest)
      const expected = {
        mediaType: MEDIA_TYPE.ociManifest,
        digest: image.manifest.digest,
        size: image.manifest.size
      }
      expect(await store.manifestHead(r, 'v1')).toMatchObject(expected)
      expect(await store.manifestHead(r, image.manifest.digest)).toMatchObject(expected)
      for (const reference of ['v1', image.manifest.digest]) {
        const fetched = await store.manifestGet(r, reference)
        expect(fetched.digest).toBe(image.manifest.digest)
        expect(fetched.mediaType).toBe(MEDIA_TYPE.ociManifest)
        expect(Buffer.from(fetched.bytes).equals(Buffer.from(image.manifest.bytes))).toBe(true)
      }
    })

    it('puts a manifest by digest, and refuses bytes that do not match the digest', async () => {
      const r = repo('manifest-digest')
      const image = buildImage({ seed: 'manifest-digest' })
      expect(await pushImage(store, r, image)).toBe(image.manifest.digest)
      expect(await store.manifestHead(r, image.manifest.digest)).toBeDefined()
      const other = buildImage({ seed: 'manifest-digest-other' })
      for (const blob of [other.config, ...other.layers]) {
        await store.blobPut(r, blob.digest, blob.size, blob.bytes)
      }
      await expect(
        store.manifestPut(r, image.manifest.digest, other.manifest)
      ).rejects.toBeDefined()
      expect(await store.manifestHead(r, other.manifest.digest)).toBeUndefined()
    })

    it('answers undefined / NOT_FOUND for a missing tag or digest', async () => {
      const r = repo('manifest-missing')
      await pushImage(store, r, buildImage({ seed: 'manifest-missing' }), 'present')
      const absent = sha256Digest('absent')
      for (const target of [r, repo('never-created')]) {
        expect(await store.manifestHead(target, 'absent')).toBeUndefined()
        expect(await store.manifestHead(target, absent)).toBeUndefined()
        await expectCode(store.manifestGet(target, 'absent'), 'NOT_FOUND')
        await expectCode(store.manifestGet(target, absent), 'NOT_FOUND')
      }
    })

    it('refuses a manifest that names a blob the repository does not have', async () => {
      const r = repo('manifest-blob-unknown')
      const image = buildImage({ seed: 'manifest-blob-unknown' })
      await expect(store.manifestPut(r, 'v1', image.manifest)).rejects.toBeDefined()
      expect(await store.manifestHead(r, 'v1')).toBeUndefined()
    })

    it('round-trips manifest bytes exactly (odd whitespace and key order keep their digest)', async () => {
      const r = repo('byte-exact')
      const image = buildImage({ seed: 'byte-exact' })
      await pushImage(store, r, image)
      const text = `{\n    "layers": [ ${image.layers.map((l) => JSON.stringify({ size: l.size, digest: l.digest, mediaType: l.mediaType })).join(' ,\n ')} ],\n\t"config":${JSON.stringify({ size: image.config.size, mediaType: image.config.mediaType, digest: image.config.digest })},   "schemaVersion" : 2 ,"mediaType":"${MEDIA_TYPE.ociManifest}"  }\n\n`
      const bytes = Buffer.from(text)
      const digest = sha256Digest(bytes)
      expect(await store.manifestPut(r, 'odd', { mediaType: MEDIA_TYPE.ociManifest, bytes })).toBe(
        digest
      )
      expect(await store.manifestPut(r, digest, { mediaType: MEDIA_TYPE.ociManifest, bytes })).toBe(
        digest
      )
      const fetched = await store.manifestGet(r, 'odd')
      expect(fetched.digest).toBe(digest)
      expect(Buffer.from(fetched.bytes).toString()).toBe(text)
      expect((await store.manifestHead(r, digest))?.size).toBe(bytes.length)
    })

    it('stores an index with its children, and Docker media types as pushed', async () => {
      const r = repo('index')
      for (const family of ['oci', 'docker'] as const) {
        const children = ['amd64', 'arm64'].map((architecture) =>
          buildImage({
            seed: `index-${family}-${architecture}`,
            family,
            platform: { os: 'linux', architecture }
          })
        )
        const index = buildIndex(children, family)
        expect(await pushIndex(store, r, index, family)).toBe(index.manifest.digest)
        const head = await store.manifestHead(r, family)
        expect(head).toMatchObject({
          digest: index.manifest.digest,
          mediaType: index.manifest.mediaType
        })
        for (const child of children) {
          const fetched = await store.manifestGet(r, child.manifest.digest)
          expect(fetched.mediaType).toBe(child.manifest.mediaType)
        }
      }
      expect((await store.tagList(r)).tags).toEqual(['docker', 'oci'])
    })

    it('puts blobs from bytes and streams, and reads them back verified', async () => {
      const r = repo('blob')
      const small = Buffer.from('a small blob')
      const large = Buffer.alloc(300_000, 7)
      await store.blobPut(r, sha256Digest(small), small.length, small)
      await store.blobPut(
        r,
        sha256Digest(large),
        large.length,
        Readable.from([large.subarray(0, 1000), large.subarray(1000)])
      )
      for (const bytes of [small, large]) {
        expect(await store.blobHas(r, sha256Digest(bytes))).toBe(true)
        const reader = await store.blobGet(r, sha256Digest(bytes))
        expect(reader.size).toBe(bytes.length)
        expect((await readAll(reader.stream)).equals(bytes)).toBe(true)
      }
      expect(await store.blobHas(r, sha256Digest('absent'))).toBe(false)
      expect(await store.blobHas(repo('never-created'), sha256Digest(small))).toBe(false)
      await expectCode(store.blobGet(r, sha256Digest('absent')), 'NOT_FOUND')
    })

    it('rejects a blob whose bytes do not match the digest or the size', async () => {
      const r = repo('blob-reject')
      const bytes = Buffer.from('the real content')
      const wrongDigest = sha256Digest('other content')
      await expect(store.blobPut(r, wrongDigest, bytes.length, bytes)).rejects.toBeDefined()
      await expect(
        store.blobPut(r, wrongDigest, bytes.length, Readable.from([bytes]))
      ).rejects.toBeDefined()
      await expect(
        store.blobPut(r, sha256Digest(bytes), bytes.length + 1, Readable.from([bytes]))
      ).rejects.toBeDefined()
      expect(await store.blobHas(r, wrongDigest)).toBe(false)
      expect(await store.blobHas(r, sha256Digest(bytes))).toBe(false)
    })

    it('mounts a blob from another repository of the same store', async () => {
      const [from, to] = [repo('mount-from'), repo('mount-to')]
      const bytes = Buffer.from('mounted content')
      const digest = sha256Digest(bytes)
      await store.blobPut(from, digest, bytes.length, bytes)
      expect(await store.blobMount(to, digest, from)).toBe(true)
      expect(await store.blobHas(to, digest)).toBe(true)
      expect((await readAll((await store.blobGet(to, digest)).stream)).equals(bytes)).toBe(true)
      expect(await store.blobMount(to, sha256Digest('absent'), from)).toBe(false)
      expect(await store.blobHas(to, sha256Digest('absent'))).toBe(false)
    })

    it('lists tags, and reports a repository that does not exist', async () => {
      const r = repo('tags')
      const image = buildImage({ seed: 'tags' })
      for (const tag of ['v2', 'v1', 'latest']) await pushImage(store, r, image, tag)
      const listing = await store.tagList(r)
      expect(listing.exists).toBe(true)
      expect(listing.tags).toEqual(['latest', 'v1', 'v2'])
      expect(await store.tagList(repo('never-created'))).toMatchObject({ exists: false, tags: [] })
    })

    it('moves a tag when told to (the copy engine, not the store, guards moves)', async () => {
      const r = repo('tag-move')
      const [a, b] = [buildImage({ seed: 'tag-move-a' }), buildImage({ seed: 'tag-move-b' })]
      await pushImage(store, r, a, 'v1')
      await pushImage(store, r, b, 'v1')
      expect((await store.manifestHead(r, 'v1'))?.digest).toBe(b.manifest.digest)
      expect((await store.manifestGet(r, a.manifest.digest)).digest).toBe(a.manifest.digest)
      expect((await store.tagList(r)).tags).toEqual(['v1'])
    })

    it('records referrers and lists them, filtered by artifact type', async () => {
      const r = repo('referrers')
      const subject = buildImage({ seed: 'referrers-subject' })
      await pushImage(store, r, subject, 'v1')
      const subjectDescriptor = {
        mediaType: subject.manifest.mediaType,
        digest: subject.manifest.digest,
        size: subject.manifest.size
      }
      const artifacts = ['application/vnd.example.sbom', 'application/vnd.example.sig'].map(
        (artifactType) =>
          buildArtifact({
            seed: `referrers-${artifactType}`,
            subject: subjectDescriptor,
            artifactType,
            annotations: { 'org.example.kind': artifactType }
          })
      )
      for (const artifact of artifacts) {
        for (const blob of [artifact.config, ...artifact.layers])
          await store.blobPut(r, blob.digest, blob.size, blob.bytes)
        const descriptor = await store.referrerPut(r, artifact.manifest)
        expect(descriptor).toMatchObject({
          digest: artifact.manifest.digest,
          size: artifact.manifest.size
        })
      }
      await store.referrerPut(r, artifacts[0]!.manifest) // idempotent
      const all = await store.referrersList(r, subject.manifest.digest)
      expect(all.map((d) => d.digest).sort()).toEqual(
        artifacts.map((a) => a.manifest.digest).sort()
      )
      const sbom = await store.referrersList(
        r,
        subject.manifest.digest,
        'application/vnd.example.sbom'
      )
      expect(sbom).toEqual([
        expect.objectContaining({
          digest: artifacts[0]!.manifest.digest,
          artifactType: 'application/vnd.example.sbom',
          annotations: { 'org.example.kind': 'application/vnd.example.sbom' }
        })
      ])
      expect(await store.referrersList(r, subject.manifest.digest, 'application/none')).toEqual([])
      expect(await store.referrersList(r, sha256Digest('no referrers'))).toEqual([])
    })

    it('lists repositories in its catalog, where it has one', async () => {
      if (store.catalog === undefined) return
      const r = repo('catalog')
      await pushImage(store, r, buildImage({ seed: 'catalog' }), 'v1')
      expect(await store.catalog()).toContain(r)
    })

    it('stores an artifact-style manifest with an empty config and no layers', async () => {
      const r = repo('empty-config')
      const config = Buffer.from('{}')
      await store.blobPut(r, sha256Digest(config), config.length, config)
      const manifest = manifestOf(MEDIA_TYPE.ociManifest, {
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.ociManifest,
        config: { mediaType: MEDIA_TYPE.ociEmpty, digest: sha256Digest(config), size: 2 },
        layers: []
      })
      expect(await store.manifestPut(r, 'empty', manifest)).toBe(manifest.digest)
      expect((await store.manifestHead(r, 'empty'))?.digest).toBe(manifest.digest)
    })
  })
}
