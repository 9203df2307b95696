import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { sha256Digest } from '../../../src/oci/digest.js'
import { RegistryClient, type HostConfig } from '../../../src/oci/registry/index.js'
import { scripted, type Step } from './scripted-send.js'

const HOST = 'reg.example'
const blob = Buffer.from('0123456789abcdefghij')
const digest = sha256Digest(blob)
const d = encodeURIComponent(digest)

function storeWith(steps: Step[], defaults: Partial<HostConfig> = {}) {
  const script = scripted(steps)
  const client = new RegistryClient({
    baseSend: script.send,
    defaults,
    sleep: async () => undefined
  })
  return { script, store: client.store(HOST) }
}

describe('blobPut', () => {
  it('POSTs a session and PUTs the bytes to a relative Location, keeping its query', async () => {
    const { script, store } = storeWith([
      {
        expect: 'POST /v2/a/blobs/uploads/',
        status: 202,
        headers: { location: '/v2/a/blobs/uploads/u1?_state=xyz' }
      },
      { expect: `PUT /v2/a/blobs/uploads/u1?_state=xyz&digest=${d}`, status: 201 }
    ])
    await store.blobPut('a', digest, blob.length, Readable.from([blob]))
    expect(script.requests[1]!.body).toEqual(blob)
    expect(script.requests[1]!.headers['content-length']).toBe(String(blob.length))
  })

  it('follows an absolute Location on another host', async () => {
    const { script, store } = storeWith([
      {
        expect: 'POST /v2/a/blobs/uploads/',
        status: 202,
        headers: { location: 'https://upload.example/sessions/u1' }
      },
      { expect: `PUT https://upload.example/sessions/u1?digest=${d}`, status: 201 }
    ])
    await store.blobPut('a', digest, blob.length, blob)
    expect(script.remaining()).toEqual([])
  })

  it('uploads in PATCH chunks when the host sets chunkSize, retrying a failed chunk', async () => {
    const { script, store } = storeWith(
      [
        { expect: 'POST /v2/a/blobs/uploads/', status: 202, headers: { location: '/up/1' } },
        { expect: 'PATCH /up/1', status: 202, headers: { location: '/up/2', range: '0-7' } },
        { expect: 'PATCH /up/2', status: 503 },
        { expect: 'PATCH /up/2', status: 202, headers: { location: '/up/3', range: '0-15' } },
        { expect: 'PATCH /up/3', status: 202, headers: { location: '/up/4', range: '0-19' } },
        { expect: `PUT /up/4?digest=${d}`, status: 201 }
      ],
      { chunkSize: 8 }
    )
    await store.blobPut('a', digest, blob.length, Readable.from([blob]))
    const patches = script.requests.filter((r) => r.method === 'PATCH')
    expect(patches.map((r) => r.headers['content-range'])).toEqual(['0-7', '8-15', '8-15', '16-19'])
    expect(Buffer.concat([patches[0]!.body!, patches[2]!.body!, patches[3]!.body!])).toEqual(blob)
    expect(script.remaining()).toEqual([])
  })

  it('fails when the source stream does not match the digest', async () => {
    const { store } = storeWith(
      [
        { expect: 'POST /v2/a/blobs/uploads/', status: 202, headers: { location: '/up/1' } },
        { expect: 'PATCH /up/1', status: 202, headers: { location: '/up/2' } }
      ],
      { chunkSize: 16 }
    )
    const wrong = Buffer.from('0123456789abcdefghiX')
    await expect(
      store.blobPut('a', digest, wrong.length, Readable.from([wrong]))
    ).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH'
    })
  })
})

describe('blobMount', () => {
  it('returns true on 201', async () => {
    const { store } = storeWith([
      { expect: `POST /v2/a/blobs/uploads/?mount=${d}&from=b%2Fc`, status: 201 }
    ])
    await expect(store.blobMount('a', digest, 'b/c')).resolves.toBe(true)
  })

  it('returns false on 202 and cancels the upload session', async () => {
    const { script, store } = storeWith([
      {
        expect: `POST /v2/a/blobs/uploads/?mount=${d}&from=b`,
        status: 202,
        headers: { location: '/v2/a/blobs/uploads/u9' }
      },
      { expect: 'DELETE /v2/a/blobs/uploads/u9', status: 204 }
    ])
    await expect(store.blobMount('a', digest, 'b')).resolves.toBe(false)
    expect(script.remaining()).toEqual([])
  })
})

describe('blobGet', () => {
  it('resumes a body cut short with a Range request and verifies the whole', async () => {
    const { script, store } = storeWith([
      {
        expect: `GET /v2/a/blobs/${digest}`,
        body: blob.subarray(0, 8),
        headers: { 'content-length': String(blob.length) }
      },
      { expect: `GET /v2/a/blobs/${digest}`, status: 206, body: blob.subarray(8) }
    ])
    const reader = await store.blobGet('a', digest)
    const chunks: Buffer[] = []
    for await (const chunk of reader.stream) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks)).toEqual(blob)
    expect(script.requests[1]!.headers.range).toBe('bytes=8-')
  })

  it('fails the stream when the bytes do not match the digest', async () => {
    const { store } = storeWith([
      { expect: `GET /v2/a/blobs/${digest}`, body: Buffer.from('0123456789abcdefghiX') }
    ])
    const reader = await store.blobGet('a', digest)
    const consume = async () => {
      for await (const _chunk of reader.stream) void _chunk
    }
    await expect(consume()).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' })
  })
})

describe('blobGet early stop', () => {
  it('stops the download when the consumer destroys the stream', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 7)
    const { store } = storeWith([{ expect: `GET /v2/a/blobs/${sha256Digest(big)}`, body: big }])
    const reader = await store.blobGet('a', sha256Digest(big))
    reader.stream.destroy()
    await new Promise((resolve) => reader.stream.once('close', resolve))
    expect(reader.stream.destroyed).toBe(true)
  })
})
