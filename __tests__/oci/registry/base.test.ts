// The node:http base transport and the stack above it, against a tiny local server: late
// readers lose nothing, idle timeouts fire, and bodies cut short are retried.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { sha256Digest } from '../../../src/oci/digest.js'
import { RegistryClient } from '../../../src/oci/registry/index.js'
import { readAll } from './push-with-store.js'

const blob = Buffer.alloc(3 * 1024 * 1024, 1)
const digest = sha256Digest(blob)
let server: Server
let host: string
let truncatedOnce = false

function route(url: string, res: ServerResponse): void {
  if (url === '/v2/') return void res.end('{}')
  if (url === `/v2/late/blobs/${digest}`) {
    res.writeHead(200, { 'content-length': String(blob.length) })
    return void res.end(blob)
  }
  if (url === '/v2/cut/manifests/v1') {
    const body =
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}'
    res.writeHead(200, {
      'content-length': String(body.length),
      'content-type': 'application/vnd.oci.image.manifest.v1+json'
    })
    if (!truncatedOnce) {
      truncatedOnce = true
      res.write(body.slice(0, 10))
      return void setTimeout(() => res.destroy(), 5)
    }
    return void res.end(body)
  }
  // '/v2/slow/...': never answers
}

beforeAll(async () => {
  server = createServer((req, res) => route(req.url ?? '', res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  host = `127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('base transport', () => {
  it('keeps a blob body intact for a consumer that starts reading late', async () => {
    const client = new RegistryClient()
    try {
      const reader = await client.store(host).blobGet('late', digest)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect((await readAll(reader.stream)).equals(blob)).toBe(true)
      expect(client.stats().byHost[host]!.bytesIn).toBeGreaterThanOrEqual(blob.length)
    } finally {
      await client.close()
    }
  })

  it('fails an unanswered request with TIMEOUT after the idle timeout', async () => {
    const client = new RegistryClient({
      defaults: { timeoutMs: 100, maxAttempts: 2, backoffBaseMs: 1 }
    })
    try {
      const started = Date.now()
      await expect(client.store(host).manifestHead('slow', 'v1')).rejects.toMatchObject({
        code: 'TIMEOUT',
        temporary: true
      })
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      await client.close()
    }
  })

  it('retries a manifest body cut short and returns the complete one', async () => {
    const client = new RegistryClient({ defaults: { backoffBaseMs: 1 } })
    try {
      const fetched = await client.store(host).manifestGet('cut', 'v1')
      expect(Buffer.from(fetched.bytes).toString()).toContain('schemaVersion')
      expect(client.stats().retries).toBe(1)
    } finally {
      await client.close()
    }
  })
})
