import { describe, expect, it } from '@jest/globals'
import { sha256Digest } from '../../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../../src/oci/media-types.js'
import { RegistryClient } from '../../../src/oci/registry/index.js'
import { scripted, type Step } from './scripted-send.js'

const HOST = 'reg.example'
const subject = sha256Digest('subject')
const hex = subject.slice(7)
const SIG = 'application/vnd.dev.cosign.artifact.sig.v1+json'
const SBOM = 'application/spdx+json'

function referrer(artifactType: string, note: string) {
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.ociManifest,
      artifactType,
      config: { mediaType: MEDIA_TYPE.ociEmpty, digest: sha256Digest('{}'), size: 2 },
      layers: [],
      subject: { mediaType: MEDIA_TYPE.ociManifest, digest: subject, size: 7 },
      annotations: { note }
    })
  )
  return { mediaType: MEDIA_TYPE.ociManifest, bytes, digest: sha256Digest(bytes) }
}

function storeWith(steps: Step[]) {
  const script = scripted(steps)
  return { script, store: new RegistryClient({ baseSend: script.send }).store(HOST) }
}

describe('referrersList', () => {
  it('uses the API and filters client-side when the registry did not apply the filter', async () => {
    const sig = {
      mediaType: MEDIA_TYPE.ociManifest,
      digest: sha256Digest('s'),
      size: 1,
      artifactType: SIG
    }
    const sbom = {
      mediaType: MEDIA_TYPE.ociManifest,
      digest: sha256Digest('b'),
      size: 1,
      artifactType: SBOM
    }
    const { store } = storeWith([
      {
        expect: `GET /v2/a/referrers/${subject}?artifactType=${encodeURIComponent(SIG)}`,
        body: { schemaVersion: 2, manifests: [sig, sbom] }
      },
      {
        expect: `GET /v2/a/referrers/${subject}?artifactType=${encodeURIComponent(SBOM)}`,
        body: { schemaVersion: 2, manifests: [sig] },
        headers: { 'oci-filters-applied': 'artifactType' }
      }
    ])
    await expect(store.referrersList('a', subject, SIG)).resolves.toEqual([sig])
    // the registry says it filtered: trusted as is
    await expect(store.referrersList('a', subject, SBOM)).resolves.toEqual([sig])
  })

  it('falls back to the sha256-<hex> tag after a 404, and remembers that per host', async () => {
    const entry = {
      mediaType: MEDIA_TYPE.ociManifest,
      digest: sha256Digest('s'),
      size: 1,
      artifactType: SIG
    }
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.ociIndex,
      manifests: [entry]
    })
    const { script, store } = storeWith([
      { expect: `GET /v2/a/referrers/${subject}`, status: 404, body: '404 page not found' },
      {
        expect: `GET /v2/a/manifests/sha256-${hex}`,
        headers: { 'content-type': MEDIA_TYPE.ociIndex },
        body: index
      },
      { expect: `GET /v2/b/manifests/sha256-${hex}`, status: 404 }
    ])
    await expect(store.referrersList('a', subject)).resolves.toEqual([entry])
    await expect(store.referrersList('b', subject, SIG)).resolves.toEqual([])
    expect(script.remaining()).toEqual([])
  })
})

describe('referrerPut', () => {
  it('trusts OCI-Subject and leaves the fallback index alone', async () => {
    const sig = referrer(SIG, 'one')
    const { script, store } = storeWith([
      {
        expect: `PUT /v2/a/manifests/${sig.digest}`,
        status: 201,
        headers: { 'oci-subject': subject }
      }
    ])
    await expect(store.referrerPut('a', sig)).resolves.toMatchObject({
      digest: sig.digest,
      artifactType: SIG
    })
    expect(script.remaining()).toEqual([])
  })

  it('without OCI-Subject, appends to the fallback index once (read-modify-write, de-duplicated)', async () => {
    const sig = referrer(SIG, 'one')
    const sbom = referrer(SBOM, 'two')
    const sigDescriptor = {
      mediaType: MEDIA_TYPE.ociManifest,
      digest: sig.digest,
      size: sig.bytes.length,
      artifactType: SIG,
      annotations: { note: 'one' }
    }
    const afterFirst = JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.ociIndex,
      manifests: [sigDescriptor]
    })
    const { script, store } = storeWith([
      { expect: `PUT /v2/a/manifests/${sig.digest}`, status: 201 },
      { expect: `GET /v2/a/manifests/sha256-${hex}`, status: 404 },
      { expect: `PUT /v2/a/manifests/sha256-${hex}`, status: 201 },
      { expect: `PUT /v2/a/manifests/${sbom.digest}`, status: 201 },
      {
        expect: `GET /v2/a/manifests/sha256-${hex}`,
        headers: { 'content-type': MEDIA_TYPE.ociIndex },
        body: afterFirst
      },
      { expect: `PUT /v2/a/manifests/sha256-${hex}`, status: 201 },
      { expect: `PUT /v2/a/manifests/${sig.digest}`, status: 201 },
      {
        expect: `GET /v2/a/manifests/sha256-${hex}`,
        headers: { 'content-type': MEDIA_TYPE.ociIndex },
        body: afterFirst
      }
    ])
    await store.referrerPut('a', sig)
    await store.referrerPut('a', sbom)
    await store.referrerPut('a', sig)
    expect(script.remaining()).toEqual([])
    const first = JSON.parse(script.requests[2]!.body!.toString())
    expect(first).toEqual({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.ociIndex,
      manifests: [sigDescriptor]
    })
    expect(script.requests[2]!.headers['content-type']).toBe(MEDIA_TYPE.ociIndex)
    const second = JSON.parse(script.requests[5]!.body!.toString())
    expect(second.manifests.map((m: { artifactType: string }) => m.artifactType)).toEqual([
      SIG,
      SBOM
    ])
  })

  it('refuses a manifest without a subject before sending', async () => {
    const { script, store } = storeWith([])
    const bytes = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.ociManifest })
    )
    await expect(
      store.referrerPut('a', { mediaType: MEDIA_TYPE.ociManifest, bytes })
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST'
    })
    expect(script.requests).toHaveLength(0)
  })
})
