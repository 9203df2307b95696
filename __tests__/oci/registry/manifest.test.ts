import { describe, expect, it } from '@jest/globals'
import { sha256Digest } from '../../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../../src/oci/media-types.js'
import { isNotFound } from '../../../src/oci/not-found.js'
import { MAX_MANIFEST_BYTES, RegistryClient } from '../../../src/oci/registry/index.js'
import { scripted, type Step } from './scripted-send.js'

const HOST = 'reg.example'
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA_TYPE.ociManifest,
  config: {},
  layers: []
})
const digest = sha256Digest(manifest)

function storeWith(steps: Step[]) {
  const script = scripted(steps)
  const client = new RegistryClient({ baseSend: script.send, sleep: async () => undefined })
  return { script, store: client.store(HOST) }
}

describe('manifestHead', () => {
  it('resolves with one HEAD, sending all four manifest media types', async () => {
    const { script, store } = storeWith([
      {
        expect: 'HEAD /v2/a/b/manifests/v1',
        headers: {
          'docker-content-digest': digest,
          'content-type': MEDIA_TYPE.ociManifest,
          'content-length': '123'
        }
      }
    ])
    await expect(store.manifestHead('a/b', 'v1')).resolves.toEqual({
      mediaType: MEDIA_TYPE.ociManifest,
      digest,
      size: 123
    })
    const accept = script.requests[0]!.headers.accept!.split(', ')
    expect(accept.sort()).toEqual(
      [
        MEDIA_TYPE.ociManifest,
        MEDIA_TYPE.ociIndex,
        MEDIA_TYPE.dockerManifest,
        MEDIA_TYPE.dockerManifestList
      ].sort()
    )
  })

  it('falls back to GET and hashes the bytes when Docker-Content-Digest is missing', async () => {
    const { script, store } = storeWith([
      { expect: 'HEAD /v2/a/manifests/v1', headers: { 'content-type': MEDIA_TYPE.ociManifest } },
      {
        expect: 'GET /v2/a/manifests/v1',
        headers: { 'content-type': MEDIA_TYPE.ociManifest },
        body: manifest
      }
    ])
    await expect(store.manifestHead('a', 'v1')).resolves.toEqual({
      mediaType: MEDIA_TYPE.ociManifest,
      digest,
      size: Buffer.byteLength(manifest)
    })
    expect(script.remaining()).toEqual([])
  })

  it('answers undefined for 404 whatever the error code', async () => {
    const { store } = storeWith([
      { expect: 'HEAD /v2/a/manifests/v1', status: 404 },
      {
        expect: 'HEAD /v2/a/manifests/v2',
        status: 404,
        body: { errors: [{ code: 'NAME_UNKNOWN' }] }
      }
    ])
    await expect(store.manifestHead('a', 'v1')).resolves.toBeUndefined()
    await expect(store.manifestHead('a', 'v2')).resolves.toBeUndefined()
  })

  it('refuses a digest header that does not match the digest asked for', async () => {
    const other = sha256Digest('other')
    const { store } = storeWith([
      {
        expect: `HEAD /v2/a/manifests/${digest}`,
        headers: { 'docker-content-digest': other, 'content-type': MEDIA_TYPE.ociManifest }
      }
    ])
    await expect(store.manifestHead('a', digest)).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
      registry: HOST
    })
  })

  it('merges identical concurrent HEADs into one request', async () => {
    const { script, store } = storeWith([
      {
        expect: 'HEAD /v2/a/manifests/v1',
        headers: { 'docker-content-digest': digest, 'content-type': MEDIA_TYPE.ociManifest }
      }
    ])
    const results = await Promise.all([
      store.manifestHead('a', 'v1'),
      store.manifestHead('a', 'v1')
    ])
    expect(results[0]).toEqual(results[1])
    expect(script.requests).toHaveLength(1)
  })

  it('gives a clear error for schema 1 manifests', async () => {
    const { store } = storeWith([
      {
        expect: 'HEAD /v2/old/manifests/v1',
        headers: { 'content-type': MEDIA_TYPE.dockerSchema1Signed, 'docker-content-digest': digest }
      }
    ])
    await expect(store.manifestHead('old', 'v1')).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE'
    })
  })
})

describe('manifestGet', () => {
  it('verifies bytes against the digest asked for and names the registry on mismatch', async () => {
    const { store } = storeWith([
      {
        expect: `GET /v2/a/manifests/${digest}`,
        headers: { 'content-type': MEDIA_TYPE.ociManifest },
        body: manifest + ' '
      }
    ])
    const error = await store.manifestGet('a', digest).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'DIGEST_MISMATCH', registry: HOST })
    expect((error as Error).message).toContain(HOST)
  })

  it('verifies bytes against Docker-Content-Digest when reading by tag', async () => {
    const { store } = storeWith([
      {
        expect: 'GET /v2/a/manifests/v1',
        headers: { 'docker-content-digest': sha256Digest('x') },
        body: manifest
      }
    ])
    await expect(store.manifestGet('a', 'v1')).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' })
  })

  it('takes the media type from the body when Content-Type is generic', async () => {
    const { store } = storeWith([
      {
        expect: 'GET /v2/a/manifests/v1',
        headers: { 'content-type': 'application/json' },
        body: manifest
      }
    ])
    await expect(store.manifestGet('a', 'v1')).resolves.toMatchObject({
      mediaType: MEDIA_TYPE.ociManifest,
      digest
    })
  })

  it.each([['MANIFEST_UNKNOWN'], ['NAME_UNKNOWN'], [undefined]])(
    'throws the one not-found code for a missing manifest (404, spec code %s)',
    async (specCode) => {
      const { store } = storeWith([
        {
          expect: 'GET /v2/a/manifests/v9',
          status: 404,
          body: specCode ? { errors: [{ code: specCode }] } : ''
        }
      ])
      const error = await store.manifestGet('a', 'v9').catch((e: unknown) => e)
      expect(isNotFound(error)).toBe(true)
      expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 })
    }
  )
})

describe('manifest size limit', () => {
  it('refuses a manifest whose Content-Length is over the limit without reading it', async () => {
    const { createBaseSend } = await import('../../../src/oci/registry/transport/base.js')
    const { createServer } = await import('node:http')
    let written = 0
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        'content-length': String(MAX_MANIFEST_BYTES + 1),
        'content-type': MEDIA_TYPE.ociManifest
      })
      const chunk = Buffer.alloc(64 * 1024, 32)
      const pump = () => {
        while (written < MAX_MANIFEST_BYTES + 1 && res.write(chunk)) written += chunk.length
      }
      res.on('drain', pump)
      res.on('close', () => res.destroy())
      pump()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    const base = createBaseSend()
    try {
      const client = new RegistryClient({ baseSend: base.send })
      const error = await client
        .store(`127.0.0.1:${port}`)
        .manifestGet('a', 'big')
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'MANIFEST_TOO_LARGE' })
      expect(written).toBeLessThan(MAX_MANIFEST_BYTES)
    } finally {
      base.close()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('manifestPut', () => {
  it('PUTs the exact bytes with their media type and returns the digest', async () => {
    const { script, store } = storeWith([
      {
        expect: 'PUT /v2/a/manifests/v1',
        status: 201,
        headers: { 'docker-content-digest': digest }
      }
    ])
    await expect(
      store.manifestPut('a', 'v1', {
        mediaType: MEDIA_TYPE.ociManifest,
        bytes: Buffer.from(manifest)
      })
    ).resolves.toBe(digest)
    expect(script.requests[0]!.headers['content-type']).toBe(MEDIA_TYPE.ociManifest)
    expect(script.requests[0]!.body!.toString()).toBe(manifest)
  })

  it('refuses bytes that do not match the digest reference before sending', async () => {
    const { script, store } = storeWith([])
    await expect(
      store.manifestPut('a', sha256Digest('x'), {
        mediaType: MEDIA_TYPE.ociManifest,
        bytes: Buffer.from(manifest)
      })
    ).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' })
    expect(script.requests).toHaveLength(0)
  })
})
