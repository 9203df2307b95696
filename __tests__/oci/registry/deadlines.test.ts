// A registry cannot hang a run: response headers and buffered bodies (manifests, tag lists)
// have deadlines that a peer dripping one byte at a time cannot stretch, the error names the
// deadline that passed, and a hung host is cut off after a few misses without touching others.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import { RegistryClient, type HostConfig } from '../../../src/oci/registry/index.js'
import { buildImage } from '../../harness/images.js'
import {
  CREDENTIALS,
  startHostileServer,
  type HostileServer
} from '../../reliability/hostile-server.js'
import { serveImage } from '../../reliability/hostile-routes.js'

const image = buildImage({ seed: 'deadlines', layers: [1024] })
let hung: HostileServer
let healthy: HostileServer
const clients: RegistryClient[] = []

beforeAll(async () => {
  hung = await startHostileServer()
  healthy = await startHostileServer()
  healthy.route(serveImage(image))
})
afterAll(async () => {
  await hung.stop()
  await healthy.stop()
})
afterEach(() => {
  for (const client of clients.splice(0)) client.close()
})

function newClient(defaults: Partial<HostConfig>): RegistryClient {
  const client = new RegistryClient({
    credentials: { [hung.host]: CREDENTIALS, [healthy.host]: CREDENTIALS },
    defaults: { maxAttempts: 2, backoffBaseMs: 5, backoffMaxMs: 20, ...defaults }
  })
  clients.push(client)
  return client
}

/** One byte every `everyMs` on a raw socket, for ever (an idle timeout never fires). */
function drip(res: ServerResponse, head: string, everyMs: number): void {
  const socket = res.socket!
  socket.write(head)
  const timer = setInterval(
    () => (socket.destroyed ? clearInterval(timer) : socket.write('x')),
    everyMs
  )
  socket.on('close', () => clearInterval(timer))
}

async function timed(action: () => Promise<unknown>) {
  const started = performance.now()
  const error = await action().then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string }
  )
  return { error, ms: performance.now() - started }
}

describe('deadlines', () => {
  it('headers that drip one byte at a time: TIMEOUT naming the header deadline', async () => {
    hung.route((req, res) =>
      req.method === 'HEAD'
        ? res.writeHead(404).end()
        : drip(res, 'HTTP/1.1 200 OK\r\nx-drip: ', 100)
    )
    const store = newClient({ headerTimeoutMs: 500 }).store(hung.host)
    const { error, ms } = await timed(() => store.manifestGet('src/app', 'v1'))
    expect(error?.code).toBe('TIMEOUT')
    expect(error?.message).toContain('header deadline (500 ms)')
    expect(ms).toBeLessThan(3_000)
  })

  it('a manifest body that drips: TIMEOUT naming the body deadline', async () => {
    hung.route((_req, res) =>
      drip(
        res,
        'HTTP/1.1 200 OK\r\ncontent-type: application/vnd.oci.image.manifest.v1+json\r\n' +
          'content-length: 100000\r\n\r\n{',
        100
      )
    )
    const store = newClient({ bodyTimeoutMs: 500 }).store(hung.host)
    const { error, ms } = await timed(() => store.manifestGet('src/app', 'v1'))
    expect(error?.code).toBe('TIMEOUT')
    expect(error?.message).toContain('body deadline (500 ms)')
    expect(ms).toBeLessThan(3_000)
  })

  it('a tag list body that drips: TIMEOUT naming the body deadline', async () => {
    hung.route((_req, res) =>
      drip(res, 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"tags":[', 100)
    )
    const store = newClient({ bodyTimeoutMs: 500 }).store(hung.host)
    const { error, ms } = await timed(() => store.tagList('src/app'))
    expect(error?.message).toContain('body deadline (500 ms)')
    expect(ms).toBeLessThan(3_000)
  })

  it('a hung host is cut off after a few misses; another host still answers', async () => {
    hung.route(() => undefined) // accepts, never answers
    const client = newClient({ headerTimeoutMs: 300, maxAttempts: 5, retryBudgetMs: 60_000 })
    const started = performance.now()
    const errors: (Error | undefined)[] = []
    for (let i = 0; i < 10; i++) {
      errors.push(
        (await timed(() => client.store(hung.host).manifestGet('src/app', `t${i}`))).error
      )
    }
    // Without the cut-off: 10 requests x 5 attempts x 300 ms = 15 s.
    expect(performance.now() - started).toBeLessThan(3_000)
    expect(errors.every((e) => e !== undefined)).toBe(true)
    expect(errors.at(-1)?.message).toMatch(/missed 3 deadlines in a row.*not asked again/)
    const fetched = await client.store(healthy.host).manifestGet('src/app', 'v1')
    expect(fetched.digest).toBe(image.manifest.digest)
  })
})
