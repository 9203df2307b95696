// Built images are real and deterministic, and what the seeder pushes reads back byte-exact.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { headerValue, httpRequest } from './http.js'
import { blobsOf, buildImage, buildIndex } from './images.js'
import { startRegistry, type TestRegistry } from './registry.js'
import { pushImage, pushIndex, seedWorkload, writeThinManifests } from './seed.js'

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

let registry: TestRegistry
beforeAll(async () => {
  registry = await startRegistry({ auth: 'htpasswd' })
})
afterAll(async () => {
  await registry.stop()
})

const auth = () => ({
  Authorization: `Basic ${Buffer.from('testuser:testpassword').toString('base64')}`
})
const get = (path: string, headers: Record<string, string> = {}) =>
  httpRequest(`${registry.url}${path}`, { headers: { ...auth(), Accept: ACCEPT, ...headers } })

describe('buildImage', () => {
  it('is deterministic and produces a gzip tar with the seeded content size', () => {
    const a = buildImage({ seed: 'same', layers: [3000, 10] })
    const b = buildImage({ seed: 'same', layers: [3000, 10] })
    expect(a.manifest.digest).toBe(b.manifest.digest)
    expect(buildImage({ seed: 'other', layers: [3000, 10] }).manifest.digest).not.toBe(
      a.manifest.digest
    )
    const tar = gunzipSync(a.layers[0].bytes)
    expect(tar.subarray(257, 262).toString()).toBe('ustar')
    expect(parseInt(tar.subarray(124, 135).toString(), 8)).toBe(3000)
    const config = JSON.parse(Buffer.from(a.config.bytes).toString())
    expect(config.rootfs.diff_ids).toHaveLength(2)
  })

  it('uses the media types of the family', () => {
    const docker = buildImage({ seed: 'd', family: 'docker' })
    expect(docker.manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(docker.layers[0].mediaType).toBe('application/vnd.docker.image.rootfs.diff.tar.gzip')
    const index = buildIndex([docker], 'docker')
    expect(JSON.parse(Buffer.from(index.manifest.bytes).toString()).manifests[0].platform).toEqual({
      os: 'linux',
      architecture: 'amd64'
    })
  })
})

describe('seeding', () => {
  it('pushes an image that reads back by digest and by tag, byte-exact', async () => {
    const image = buildImage({ seed: 'readback', layers: [2048] })
    const digest = await pushImage(registry, 'team/app', image, ['v1', 'latest'])
    for (const ref of [digest, 'v1', 'latest']) {
      const res = await get(`/v2/team/app/manifests/${ref}`)
      expect(res.status).toBe(200)
      expect(headerValue(res, 'docker-content-digest')).toBe(digest)
      expect(res.body.equals(Buffer.from(image.manifest.bytes))).toBe(true)
    }
    const blob = await get(`/v2/team/app/blobs/${image.layers[0].digest}`)
    expect(blob.body.equals(Buffer.from(image.layers[0].bytes))).toBe(true)
  })

  it('pushes an index after its children', async () => {
    const children = ['amd64', 'arm64'].map((architecture) =>
      buildImage({ seed: `idx-${architecture}`, platform: { os: 'linux', architecture } })
    )
    const index = buildIndex(children)
    await pushIndex(registry, 'team/multi', index, ['v2'])
    expect(headerValue(await get('/v2/team/multi/manifests/v2'), 'docker-content-digest')).toBe(
      index.manifest.digest
    )
    for (const child of children)
      expect((await get(`/v2/team/multi/manifests/${child.manifest.digest}`)).status).toBe(200)
    expect(blobsOf(index)).toHaveLength(4)
  })

  it('seeds a workload and lists it in images.yaml; _catalog pages with n=2 follow Link', async () => {
    const options = { prefix: 'wl', repositories: 3, imagesPerRepository: 4, seed: 'fixed' }
    const { images, imagesYaml } = await seedWorkload(registry, options)
    expect(images).toHaveLength(12)
    expect(images.filter((i) => i.children)).toHaveLength(4)
    expect(new Set(images.map((i) => i.mediaType)).size).toBe(4)
    expect(imagesYaml).toContain('- name: img-002\n  dmap:\n')
    for (const image of images) {
      expect(imagesYaml).toContain(
        `"${image.digest}": [${image.tags.map((t) => `"${t}"`).join(', ')}]`
      )
      const tag = image.tags[0] ?? image.digest
      expect(
        headerValue(await get(`/v2/${image.repository}/manifests/${tag}`), 'docker-content-digest')
      ).toBe(image.digest)
    }
    const repositories: string[] = []
    let next: string | undefined = '/v2/_catalog?n=2'
    let pages = 0
    while (next) {
      const res = await get(next)
      repositories.push(...(JSON.parse(res.body.toString()).repositories as string[]))
      next = /<([^>]+)>;\s*rel="next"/.exec(headerValue(res, 'link') ?? '')?.[1]
      pages++
    }
    expect(repositories.filter((r) => r.startsWith('wl/'))).toEqual([
      'wl/img-000',
      'wl/img-001',
      'wl/img-002'
    ])
    expect(pages).toBeGreaterThanOrEqual(3)
    const again = await seedWorkload(registry, options)
    expect(again.imagesYaml).toBe(imagesYaml)
    const dir = mkdtempSync(join(tmpdir(), 'harness-thin-'))
    try {
      const files = writeThinManifests(dir, {
        src: `${registry.host}/wl`,
        dests: ['oci:/tmp/out'],
        imagesYaml
      })
      expect(files.manifest).toBe(join(dir, 'manifests/seed/promoter-manifest.yaml'))
      expect(readFileSync(files.manifest, 'utf8')).toBe(
        `registries:\n- name: ${registry.host}/wl\n  src: true\n- name: oci:/tmp/out\n`
      )
      expect(readFileSync(join(dir, 'images/seed/images.yaml'), 'utf8')).toBe(imagesYaml)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
