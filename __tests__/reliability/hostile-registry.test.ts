// Hostile registry, at the client: wrong bytes for a digest, a manifest over the size limit, a
// redirect to another host (credentials must not follow), endless Link pagination and a
// slow-loris body are each refused with a clear error, in bounded time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import {
  MAX_MANIFEST_BYTES,
  RegistryClient,
  type HostConfig
} from '../../src/oci/registry/index.js'
import { readAllBytes } from './streams.js'
import { buildImage } from '../harness/images.js'
import { CREDENTIALS, PASSWORD, startHostileServer, type HostileServer } from './hostile-server.js'
import { serveImage, trickle } from './hostile-routes.js'
import { recordResult, since } from './results.js'

const image = buildImage({ seed: 'hostile', layers: [4096] })
const other = buildImage({ seed: 'hostile-other', layers: [4096] })
const layer = image.layers[0]!
let server: HostileServer
let client: RegistryClient
const figures: Record<string, unknown> = {}

beforeAll(async () => {
  server = await startHostileServer()
})
afterAll(async () => {
  await server.stop()
  recordResult('hostile-registry-client', figures)
})
function newClient(timeoutMs = 60_000, deadlines: Partial<HostConfig> = {}): RegistryClient {
  client = new RegistryClient({
    credentials: { [server.host]: CREDENTIALS },
    defaults: { maxAttempts: 2, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs, ...deadlines }
  })
  return client
}
afterEach(async () => client?.close())

/** Runs `action`, expects it to fail within `limitMs`, and returns the error. */
async function refused(name: string, action: () => Promise<unknown>, limitMs: number) {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), limitMs)
  })
  const outcome = await Promise.race([
    action().then(
      () => 'accepted' as const,
      (error: unknown) => error as Error & { code?: string }
    ),
    hang
  ])
  clearTimeout(timer)
  figures[name] = { ms: since(started), code: typeof outcome === 'string' ? outcome : outcome.code }
  if (outcome === 'hang') throw new Error(`${name}: still running after ${limitMs} ms`)
  if (outcome === 'accepted') throw new Error(`${name}: accepted, expected a refusal`)
  expect(outcome.message).not.toContain(PASSWORD)
  return outcome
}

describe('a hostile registry', () => {
  it('wrong manifest bytes for a digest: DIGEST_MISMATCH', async () => {
    server.route(
      serveImage(image, (req, res) => {
        if (!req.url!.includes(`/manifests/${image.manifest.digest}`) || req.method !== 'GET')
          return false
        res.writeHead(200, {
          'content-type': image.manifest.mediaType,
          'docker-content-digest': image.manifest.digest
        })
        res.end(Buffer.from(other.manifest.bytes))
        return true
      })
    )
    const store = newClient().store(server.host)
    const error = await refused(
      'wrong manifest bytes',
      () => store.manifestGet('src/app', image.manifest.digest),
      10_000
    )
    expect(error.code).toBe('DIGEST_MISMATCH')
    expect(error.message).toContain(image.manifest.digest)
  })

  it('wrong blob bytes for a digest: the stream fails with a digest mismatch', async () => {
    server.route(
      serveImage(image, (req, res) => {
        if (!req.url!.includes(`/blobs/${layer.digest}`) || req.method !== 'GET') return false
        res.writeHead(200, { 'content-length': layer.size })
        res.end(Buffer.from(other.layers[0]!.bytes).subarray(0, layer.size))
        return true
      })
    )
    const store = newClient().store(server.host)
    const error = await refused(
      'wrong blob bytes',
      async () => readAllBytes((await store.blobGet('src/app', layer.digest)).stream),
      10_000
    )
    expect(error.message).toMatch(/digest|sha256/i)
  })

  it.each([
    ['declared', true],
    ['chunked', false]
  ])('a manifest over the size limit (%s length): MANIFEST_TOO_LARGE', async (how, declared) => {
    server.route((req, res) => {
      const size = MAX_MANIFEST_BYTES + 1
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        ...(declared ? { 'content-length': size } : {})
      })
      res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(size, 0x20))
    })
    const store = newClient().store(server.host)
    const error = await refused(
      `oversized manifest (${how})`,
      () => store.manifestGet('src/app', 'v1'),
      10_000
    )
    expect(error.code).toBe('MANIFEST_TOO_LARGE')
  })

  it('a redirect to another host: followed without the credentials', async () => {
    server.route(
      serveImage(image, (req, res) => {
        if (req.url!.includes(`/blobs/${layer.digest}`) && !req.url!.startsWith('/elsewhere')) {
          res.writeHead(307, { location: `http://${server.otherHost}/elsewhere${req.url}` })
          res.end()
          return true
        }
        if (req.url!.startsWith('/elsewhere')) {
          res.writeHead(200, { 'content-length': layer.size })
          res.end(Buffer.from(layer.bytes))
          return true
        }
        return false
      })
    )
    server.seen.length = 0
    const store = newClient().store(server.host)
    const bytes = await readAllBytes((await store.blobGet('src/app', layer.digest)).stream)
    expect(bytes.length).toBe(layer.size)
    const elsewhere = server.seen.filter((r) => r.server === 'elsewhere')
    expect(elsewhere.length).toBeGreaterThan(0)
    expect(elsewhere.map((r) => r.authorization)).toEqual(elsewhere.map(() => undefined))
    expect(server.seen.some((r) => r.server === 'registry' && r.authorization)).toBe(true)
    figures['redirect to another host'] = {
      redirectedRequests: elsewhere.length,
      withCredentials: elsewhere.filter((r) => r.authorization).length
    }
  })

  it('a Link that loops back to the same page: INVALID_RESPONSE', async () => {
    server.route((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        link: '</v2/src/app/tags/list?n=2&last=b>; rel="next"'
      })
      res.end(JSON.stringify({ name: 'src/app', tags: ['a', 'b'] }))
    })
    const store = newClient().store(server.host)
    const error = await refused('Link loop (same page)', () => store.tagList('src/app'), 10_000)
    expect(error.code).toBe('INVALID_RESPONSE')
    expect(error.message).toMatch(/loop/)
  })

  it('endless Link pagination with ever-new pages: refused in bounded time', async () => {
    let page = 0
    server.route((_req, res) => {
      page++
      res.writeHead(200, {
        'content-type': 'application/json',
        link: `</v2/src/app/tags/list?n=2&last=t${page}>; rel="next"`
      })
      res.end(JSON.stringify({ name: 'src/app', tags: [`t${page}`] }))
    })
    const store = newClient().store(server.host)
    await refused('Link pagination without end', () => store.tagList('src/app'), 10_000)
  })

  it('a slow-loris body that stalls after the headers: TIMEOUT', async () => {
    server.route((req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(404).end()
      res.writeHead(200, { 'content-length': layer.size })
      res.write(Buffer.from(layer.bytes).subarray(0, 10))
    })
    const store = newClient(1_000).store(server.host)
    const error = await refused(
      'slow loris (stalled body)',
      async () => readAllBytes((await store.blobGet('src/app', layer.digest)).stream),
      15_000
    )
    expect(error.message).toMatch(/within|timeout|time/i)
  })

  it('a slow-loris body that trickles a byte at a time: refused in bounded time', async () => {
    server.route((_req, res) => trickle(res, layer.size, 200))
    const store = newClient(1_000).store(server.host)
    await refused(
      'slow loris (trickle)',
      async () => readAllBytes((await store.blobGet('src/app', layer.digest)).stream),
      10_000
    )
  })

  it('headers that trickle a byte at a time: TIMEOUT by the header deadline', async () => {
    server.route((_req, res) => {
      const socket = res.socket!
      socket.write('HTTP/1.1 200 OK\r\nx-trickle: ')
      const timer = setInterval(() => socket.write('x'), 200)
      socket.on('close', () => clearInterval(timer))
    })
    const store = newClient(60_000, { headerTimeoutMs: 1_000 }).store(server.host)
    const error = await refused(
      'trickled headers',
      () => store.manifestGet('src/app', 'v1'),
      10_000
    )
    expect(error.message).toContain('header deadline')
  })

  it('a manifest body that trickles a byte at a time: TIMEOUT by the body deadline', async () => {
    server.route((_req, res) => trickle(res, image.manifest.size, 200))
    const store = newClient(60_000, { bodyTimeoutMs: 1_000 }).store(server.host)
    const error = await refused(
      'trickled manifest body',
      () => store.manifestGet('src/app', 'v1'),
      10_000
    )
    expect(error.message).toContain('body deadline')
  })
})
