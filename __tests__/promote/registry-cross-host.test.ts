// Cross-host promotion between two real registries: blobs streamed (bytes counted), indexes,
// Docker and OCI media types, several tags, a conflicting tag left alone, a destination that
// already holds some blobs, and copy-referrers (OCI referrers and a cosign .sig tag).
import { beforeAll, describe, expect, it } from '@jest/globals'
import { digestHex } from '../../src/oci/digest.js'
import { promote } from '../../src/promote/index.js'
import { buildArtifact, buildImage, descriptorOf } from '../harness/images.js'
import type { TestRegistry } from '../harness/registry.js'
import { pushBlob, pushImage, type SeededWorkload } from '../harness/seed.js'
import { expectPromoted, twoRegistries } from './registry-fixtures.js'
import { newClient, requestsFor } from './registry-requests.js'

let staging: TestRegistry
let production: TestRegistry
let workload: SeededWorkload
const scene = twoRegistries({ repositories: 2, imagesPerRepository: 3, seed: 'promote-cross-host' })
beforeAll(() => void ({ staging, production, workload } = scene))

describe('cross-host promotion', () => {
  it('streams every blob once, preserving digests, media types and tags', async () => {
    const client = newClient()
    const [src, dst] = [client.store(staging.host), client.store(production.host)]
    const mark = await staging.accessLog.mark()
    const result = await promote(requestsFor(workload.images, src, dst, 'prod'))
    expect(result.results.filter((r) => r.state !== 'copied')).toEqual([])
    const pulled = await staging.accessLog.summary(mark)
    expect(result.totals.uploads).toBe(pulled.by['GET blob 200'])
    expect(result.totals.bytes).toBeGreaterThan(0)
    expect(result.totals.mounts).toBe(0)
    await expectPromoted(workload.images, src, dst, 'prod')
    await client.close()
  })

  it('skips blobs the destination already has and leaves a conflicting tag untouched', async () => {
    const image = buildImage({ seed: 'partial', layers: [4000, 5000, 6000] })
    const other = buildImage({ seed: 'other' })
    await pushImage(staging, 'staging/partial', image)
    await pushBlob(production, 'prod/partial', image.layers[0]!)
    await pushImage(production, 'prod/partial', other, ['v2'])
    const client = newClient()
    const [src, dst] = [client.store(staging.host), client.store(production.host)]
    const mark = await production.accessLog.mark()
    const result = await promote([
      {
        id: 'partial',
        source: { store: src, repo: 'staging/partial' },
        digest: image.manifest.digest,
        destination: { store: dst, repo: 'prod/partial' },
        tags: ['v1', 'v2']
      }
    ])
    const [row] = result.results
    expect(row).toMatchObject({ state: 'conflict', counters: { blobsSkipped: 1, uploads: 3 } })
    expect(row!.tags).toContainEqual({ tag: 'v2', state: 'conflict', found: other.manifest.digest })
    expect((await dst.manifestHead('prod/partial', 'v2'))?.digest).toBe(other.manifest.digest)
    expect((await dst.manifestHead('prod/partial', 'v1'))?.digest).toBe(image.manifest.digest)
    const log = await production.accessLog.summary(mark)
    expect(log.by['PUT upload 201']).toBe(3)
    // One PUT: the manifest carries its one writable tag, v1 (v2 is never written).
    expect(log.by['PUT manifest 201']).toBe(1)
    const puts = (await production.accessLog.entries(mark)).filter(
      (e) => e.method === 'PUT' && e.path.includes('/manifests/')
    )
    expect(puts.map((e) => e.path)).toEqual(['/v2/prod/partial/manifests/v1'])
    await client.close()
  })

  it('copy-referrers brings OCI referrers and the cosign signature tag along', async () => {
    const image = buildImage({ seed: 'signed' })
    const subject = descriptorOf(image.manifest)
    const sbom = buildArtifact({ seed: 'sbom', subject, artifactType: 'application/spdx+json' })
    const signature = buildImage({ seed: 'signature' })
    const sigTag = `sha256-${digestHex(image.manifest.digest)}.sig`
    await pushImage(staging, 'staging/signed', image)
    await pushImage(staging, 'staging/signed', signature, [sigTag])
    const client = newClient()
    const [src, dst] = [client.store(staging.host), client.store(production.host)]
    await Promise.all(
      [sbom.config, ...sbom.layers].map((b) => pushBlob(staging, 'staging/signed', b))
    )
    await src.referrerPut('staging/signed', sbom.manifest)
    const request = {
      id: 'signed',
      source: { store: src, repo: 'staging/signed' },
      digest: image.manifest.digest,
      destination: { store: dst, repo: 'prod/signed' },
      tags: ['v1']
    }
    const first = await promote([request], { copyReferrers: true })
    expect(first.results[0]!.referrers).toEqual({
      copied: [sbom.manifest.digest],
      tags: [{ tag: sigTag, state: 'written' }]
    })
    const listed = await dst.referrersList('prod/signed', image.manifest.digest)
    expect(listed.map((d) => d.digest)).toEqual([sbom.manifest.digest])
    expect((await dst.manifestHead('prod/signed', sigTag))?.digest).toBe(signature.manifest.digest)
    const again = await promote([request], { copyReferrers: true })
    expect(again.results[0]).toMatchObject({ state: 'exists', counters: { manifestsPut: 0 } })
    await client.close()
  })
})
