// copy-referrers: OCI referrers and cosign tags follow the image, once.
import { describe, expect, it } from '@jest/globals'
import { digestHex } from '../../src/oci/digest.js'
import { promote, type CopyRequest } from '../../src/promote/index.js'
import { pushImage } from './images.js'
import { MemoryHost, MemoryStore } from './memory-store.js'

describe('promote with copyReferrers', () => {
  it('copies OCI referrers and cosign tags, and a re-run copies nothing', async () => {
    const src = new MemoryStore(new MemoryHost('staging.example'))
    const dstHost = new MemoryHost('prod.example')
    const dst = new MemoryStore(dstHost)
    const image = await pushImage(src, 'staging/app')
    const sbom = await pushImage(src, 'staging/app', {
      layers: 1,
      subject: image,
      artifactType: 'application/spdx+json'
    })
    const sigTag = `sha256-${digestHex(image.digest)}.sig`
    const sig = await pushImage(src, 'staging/app', { layers: 1, tag: sigTag })
    const request: CopyRequest = {
      id: 'app',
      source: { store: src, repo: 'staging/app' },
      digest: image.digest,
      destination: { store: dst, repo: 'prod/app' },
      tags: ['v1']
    }
    const first = await promote([request], { copyReferrers: true })
    expect(first.results[0]!.referrers).toEqual({
      copied: [sbom.digest],
      tags: [{ tag: sigTag, state: 'written' }]
    })
    expect((await dst.referrersList('prod/app', image.digest)).map((d) => d.digest)).toEqual([
      sbom.digest
    ])
    expect((await dst.manifestHead('prod/app', sigTag))?.digest).toBe(sig.digest)
    dstHost.log.length = 0
    const second = await promote([request], { copyReferrers: true })
    expect(second.results[0]!.referrers).toEqual({
      copied: [],
      tags: [{ tag: sigTag, state: 'exists' }]
    })
    expect(dstHost.log.filter((l) => /Put|Mount/.test(l))).toEqual([])
  })

  it('does not copy referrers unless asked', async () => {
    const src = new MemoryStore(new MemoryHost('staging.example'))
    const dst = new MemoryStore(new MemoryHost('prod.example'))
    const image = await pushImage(src, 'staging/app')
    await pushImage(src, 'staging/app', { subject: image })
    const result = await promote([
      {
        id: 'app',
        source: { store: src, repo: 'staging/app' },
        digest: image.digest,
        destination: { store: dst, repo: 'prod/app' },
        tags: []
      }
    ])
    expect(result.results[0]!.referrers).toBeUndefined()
    expect(await dst.referrersList('prod/app', image.digest)).toEqual([])
  })
})
