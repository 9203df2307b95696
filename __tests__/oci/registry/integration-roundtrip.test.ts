// RegistryStore against the real distribution 2.8 registry (no auth): round-trips, pagination,
// mounts and the referrers fallback.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { MEDIA_TYPE } from '../../../src/oci/media-types.js'
import { RegistryClient, fallbackTag } from '../../../src/oci/registry/index.js'
import { buildArtifact, buildImage, buildIndex, type BuiltImage } from '../../harness/images.js'
import { startFaultProxy, type FaultProxy } from '../../harness/fault-proxy.js'
import { startRegistry, type TestRegistry } from '../../harness/registry.js'
import { pushWithStore, readAll } from './push-with-store.js'

let registry: TestRegistry
let client: RegistryClient
let proxy: FaultProxy | undefined

beforeAll(async () => {
  registry = await startRegistry()
  client = new RegistryClient({ defaults: { requestsPerSecond: 1000 } })
})
afterAll(async () => {
  await client?.close()
  await proxy?.stop()
  await registry?.stop()
})

const image = (seed: string, family: 'oci' | 'docker' = 'oci', architecture = 'amd64') =>
  buildImage({ seed, family, layers: [2048, 512], platform: { architecture, os: 'linux' } })

describe.each(['oci', 'docker'] as const)('%s media types', (family) => {
  it('round-trips a single image: blobs, manifest by digest and tag, tag list', async () => {
    const store = client.store(registry.host)
    const built = image(`single-${family}`, family)
    const repo = `rt/${family}/single`
    await pushWithStore(store, repo, built, ['v1', 'v1.0'])
    const head = await store.manifestHead(repo, 'v1')
    expect(head).toEqual({
      mediaType: built.manifest.mediaType,
      digest: built.manifest.digest,
      size: built.manifest.size
    })
    const fetched = await store.manifestGet(repo, built.manifest.digest)
    expect(Buffer.from(fetched.bytes)).toEqual(Buffer.from(built.manifest.bytes))
    for (const blob of [built.config, ...built.layers]) {
      expect(await store.blobHas(repo, blob.digest)).toBe(true)
      const reader = await store.blobGet(repo, blob.digest)
      expect(reader.size).toBe(blob.size)
      expect(await readAll(reader.stream)).toEqual(Buffer.from(blob.bytes))
    }
    await expect(store.tagList(repo)).resolves.toEqual({ exists: true, tags: ['v1', 'v1.0'] })
  })

  it('round-trips an index with its children, keeping the list media type', async () => {
    const store = client.store(registry.host)
    const children = ['amd64', 'arm64'].map((arch) => image(`idx-${family}-${arch}`, family, arch))
    const index = buildIndex(children, family)
    const repo = `rt/${family}/index`
    await pushWithStore(store, repo, index, ['multi'])
    const fetched = await store.manifestGet(repo, 'multi')
    expect(fetched.digest).toBe(index.manifest.digest)
    expect(fetched.mediaType).toBe(
      family === 'oci' ? MEDIA_TYPE.ociIndex : MEDIA_TYPE.dockerManifestList
    )
    for (const child of children) {
      await expect(store.manifestHead(repo, child.manifest.digest)).resolves.toMatchObject({
        digest: child.manifest.digest
      })
    }
  })
})

describe('misses', () => {
  it('answers undefined, false and "does not exist" for what is not there', async () => {
    const store = client.store(registry.host)
    await expect(store.manifestHead('nothing/here', 'v1')).resolves.toBeUndefined()
    await expect(store.blobHas('nothing/here', image('x').config.digest)).resolves.toBe(false)
    await expect(store.tagList('nothing/here')).resolves.toEqual({ exists: false, tags: [] })
    await expect(store.manifestGet('nothing/here', 'v1')).rejects.toMatchObject({
      code: 'NOT_FOUND'
    })
  })
})

describe('pagination', () => {
  it('pages tags through Link with a small page size (registry pagination emulated by the proxy)', async () => {
    proxy = await startFaultProxy({ target: registry.url, tagPageSize: 3 })
    const direct = client.store(registry.host)
    const built = image('paged')
    const tags = Array.from({ length: 10 }, (_, i) => `t${String(i).padStart(2, '0')}`)
    await pushWithStore(direct, 'paged/img', built, tags)
    const pagedClient = new RegistryClient({ defaults: { pageSize: 3, requestsPerSecond: 1000 } })
    try {
      await expect(pagedClient.store(proxy.host).tagList('paged/img')).resolves.toEqual({
        exists: true,
        tags
      })
      expect(
        pagedClient.stats().byHost[proxy.host]!.byMethodStatus['GET 200']
      ).toBeGreaterThanOrEqual(4)
    } finally {
      await pagedClient.close()
    }
  })

  it('pages the catalog with n=1 and filters by prefix', async () => {
    const pagedClient = new RegistryClient({ defaults: { pageSize: 1 } })
    const built = image('catalog')
    for (const repo of ['cat/a', 'cat/b/c', 'catx/d'])
      await pushWithStore(client.store(registry.host), repo, built)
    try {
      await expect(pagedClient.store(registry.host).catalog!('cat')).resolves.toEqual([
        'cat/a',
        'cat/b/c'
      ])
      expect(pagedClient.stats().requests).toBeGreaterThan(3)
    } finally {
      await pagedClient.close()
    }
  })
})

describe('mount', () => {
  it('mounts a blob across repositories (201) and reports false for an unknown blob (202)', async () => {
    const store = client.store(registry.host)
    const built = image('mount-src')
    await pushWithStore(store, 'mount/src', built)
    const mark = await registry.accessLog.mark()
    await expect(store.blobMount('mount/dst', built.layers[0]!.digest, 'mount/src')).resolves.toBe(
      true
    )
    await expect(store.blobHas('mount/dst', built.layers[0]!.digest)).resolves.toBe(true)
    await expect(
      store.blobMount('mount/dst', image('never-pushed').layers[0]!.digest, 'mount/src')
    ).resolves.toBe(false)
    const summary = await registry.accessLog.summary(mark)
    expect(summary.by['POST mount 201']).toBe(1)
    expect(summary.by['POST mount 202']).toBe(1)
  })
})

describe('referrers on distribution 2.8 (tag-schema fallback)', () => {
  it('pushes referrers, maintains the sha256-<hex> index, and lists them with a filter', async () => {
    const store = client.store(registry.host)
    const subject: BuiltImage = image('subject')
    const repo = 'refs/img'
    await pushWithStore(store, repo, subject, ['v1'])
    const descriptor = {
      mediaType: subject.manifest.mediaType,
      digest: subject.manifest.digest,
      size: subject.manifest.size
    }
    const sig = buildArtifact({
      seed: 'sig',
      subject: descriptor,
      artifactType: 'application/vnd.example.sig',
      annotations: { a: '1' }
    })
    const sbom = buildArtifact({
      seed: 'sbom',
      subject: descriptor,
      artifactType: 'application/vnd.example.sbom'
    })
    for (const artifact of [sig, sbom, sig]) {
      await pushWithStore(store, repo, { ...artifact, manifest: artifact.manifest }, [])
      await store.referrerPut(repo, artifact.manifest)
    }
    const all = await store.referrersList(repo, subject.manifest.digest)
    expect(all.map((d) => d.digest)).toEqual([sig.manifest.digest, sbom.manifest.digest])
    expect(all[0]).toMatchObject({
      artifactType: 'application/vnd.example.sig',
      annotations: { a: '1' }
    })
    const sigs = await store.referrersList(
      repo,
      subject.manifest.digest,
      'application/vnd.example.sbom'
    )
    expect(sigs.map((d) => d.digest)).toEqual([sbom.manifest.digest])
    const index = await store.manifestGet(repo, fallbackTag(subject.manifest.digest))
    expect(index.mediaType).toBe(MEDIA_TYPE.ociIndex)
  })

  it('uses the referrers API where the registry has one (emulated by the proxy), without a fallback tag', async () => {
    const apiProxy = await startFaultProxy({ target: registry.url, referrers: true })
    const apiClient = new RegistryClient()
    try {
      const store = apiClient.store(apiProxy.host)
      const subject = image('api-subject')
      await pushWithStore(store, 'refs/api', subject)
      const descriptor = {
        mediaType: subject.manifest.mediaType,
        digest: subject.manifest.digest,
        size: subject.manifest.size
      }
      const sig = buildArtifact({
        seed: 'api-sig',
        subject: descriptor,
        artifactType: 'application/vnd.example.sig'
      })
      await pushWithStore(store, 'refs/api', { ...sig }, [])
      await store.referrerPut('refs/api', sig.manifest)
      const listed = await store.referrersList(
        'refs/api',
        subject.manifest.digest,
        'application/vnd.example.sig'
      )
      expect(listed.map((d) => d.digest)).toEqual([sig.manifest.digest])
      await expect(
        store.manifestHead('refs/api', fallbackTag(subject.manifest.digest))
      ).resolves.toBeUndefined()
    } finally {
      await apiClient.close()
      await apiProxy.stop()
    }
  })
})
