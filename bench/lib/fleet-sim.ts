// A simulated registry fleet for `plan-fleet`: one loopback server answers for every host name
// (told apart by the Host header), from an in-memory inventory, with a fixed latency per response
// and a per-host token bucket that answers 429 past its quota. Only what a plan reads is served:
// `GET /v2/`, tag lists (with or without Google's digest -> tags extension) and manifest HEADs;
// plus, for sigcheck, manifest and blob GETs of the `artifacts` given (e.g. cosign `.sig`
// images; a reference not there answers 404) and no referrers API (404: the fallback tag rules).
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'

export const FLEET_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json'

/** One repository: tag -> digest, and every digest it holds with its tags. */
export interface FleetRepository {
  tags: Map<string, string>
  digests: Map<string, string[]>
}

/** host -> repository path -> contents. A repository not listed answers 404 (NAME_UNKNOWN). */
export type FleetInventory = Map<string, Map<string, FleetRepository>>

/** Content served by GET in one repository: manifests by tag or digest, blobs by digest. */
export interface FleetArtifacts {
  manifests: Map<string, { mediaType: string; digest: string; bytes: Buffer }>
  blobs: Map<string, Buffer>
}

export interface FleetOptions {
  inventory: FleetInventory
  /** Milliseconds before each response (429s included). Default 0. */
  latencyMs?: number
  /** Requests per second each host accepts; past it, 429. Default: no quota. */
  rps?: number
  /** Seconds sent as `Retry-After` with each 429; omitted when undefined. */
  retryAfterS?: number
  /** Answer tag lists with Google's `manifest` map (gcr.io, *.pkg.dev). Default true. */
  googleExt?: boolean
  /** The media type every inventory digest is listed and HEADed with. Default an OCI index. */
  mediaType?: string
  /** host -> repository path -> what GET serves there (besides 404). */
  artifacts?: Map<string, Map<string, FleetArtifacts>>
  /** Serve TLS with this key and certificate; plain http without. */
  tls?: { key: string; cert: string }
  host?: string
  port?: number
}

export interface HostCounts {
  requests: number
  throttled: number
  tagLists: number
  heads: number
  /** Most requests accepted within one wall-clock second. */
  peakPerSecond: number
  /** TLS connections opened (by SNI name; 0 over plain http). */
  connections: number
}

export interface Fleet {
  url: string
  port: number
  /** Requests per host name (Host header without port). */
  counts: () => Map<string, HostCounts>
  close: () => Promise<void>
}

/** A token bucket holding one second of quota (bursts up to `rps`). */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly rps: number,
    private readonly now: () => number = Date.now
  ) {
    this.tokens = rps
    this.last = now()
  }

  take(): boolean {
    const now = this.now()
    this.tokens = Math.min(this.rps, this.tokens + ((now - this.last) / 1000) * this.rps)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

interface HostState {
  counts: HostCounts
  bucket?: TokenBucket
  second: number
  inSecond: number
  /** Tag-list bodies per repository (built once: the fleet is read-only). */
  bodies: Map<string, Buffer>
}

const ROUTE = /^\/v2\/(.+)\/(tags\/list|manifests\/([^/]+)|blobs\/([^/]+))$/

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const latency = options.latencyMs ?? 0
  const googleExt = options.googleExt ?? true
  const mediaType = options.mediaType ?? FLEET_MEDIA_TYPE
  const states = new Map<string, HostState>()
  const stateOf = (host: string): HostState => {
    let s = states.get(host)
    if (!s) {
      s = {
        counts: {
          requests: 0,
          throttled: 0,
          tagLists: 0,
          heads: 0,
          peakPerSecond: 0,
          connections: 0
        },
        bucket: options.rps ? new TokenBucket(options.rps) : undefined,
        second: 0,
        inSecond: 0,
        bodies: new Map()
      }
      states.set(host, s)
    }
    return s
  }

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    req.resume()
    const host = (req.headers.host ?? '').replace(/:\d+$/, '')
    const state = stateOf(host)
    state.counts.requests++
    const reply = (status: number, headers: Record<string, string>, body?: Buffer): void => {
      const send = () => {
        res.writeHead(status, { ...headers, 'content-length': String(body?.length ?? 0) })
        res.end(req.method === 'HEAD' ? undefined : body)
      }
      if (latency > 0) setTimeout(send, latency)
      else send()
    }
    if (state.bucket && !state.bucket.take()) {
      state.counts.throttled++
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (options.retryAfterS !== undefined) headers['retry-after'] = String(options.retryAfterS)
      reply(429, headers, errorBody('TOOMANYREQUESTS', 'quota exceeded'))
      return
    }
    const second = Math.floor(Date.now() / 1000)
    if (second !== state.second) {
      state.second = second
      state.inSecond = 0
    }
    state.counts.peakPerSecond = Math.max(state.counts.peakPerSecond, ++state.inSecond)
    const url = new URL(req.url ?? '/', 'http://fleet')
    if (url.pathname === '/v2/' || url.pathname === '/v2') {
      reply(200, { 'content-type': 'application/json' }, Buffer.from('{}'))
      return
    }
    const route = ROUTE.exec(url.pathname)
    const repo = route ? options.inventory.get(host)?.get(route[1]!) : undefined
    if (!route || !repo) {
      reply(404, { 'content-type': 'application/json' }, errorBody('NAME_UNKNOWN', 'no such repo'))
      return
    }
    if (route[2] === 'tags/list' && req.method === 'GET') {
      state.counts.tagLists++
      let body = state.bodies.get(route[1]!)
      if (!body) {
        body = tagListBody(route[1]!, repo, googleExt, mediaType)
        state.bodies.set(route[1]!, body)
      }
      reply(200, { 'content-type': 'application/json' }, body)
      return
    }
    if (route[3] !== undefined && req.method === 'HEAD') {
      state.counts.heads++
      const ref = decodeURIComponent(route[3])
      const digest = ref.startsWith('sha256:')
        ? repo.digests.has(ref)
          ? ref
          : undefined
        : repo.tags.get(ref)
      if (!digest) reply(404, {}, undefined)
      else
        reply(200, {
          'docker-content-digest': digest,
          'content-type': mediaType
        })
      return
    }
    if (req.method === 'GET' && (route[3] ?? route[4]) !== undefined) {
      const ref = decodeURIComponent((route[3] ?? route[4])!)
      const there = options.artifacts?.get(host)?.get(route[1]!)
      if (route[3] !== undefined) {
        const m = there?.manifests.get(ref)
        if (m)
          reply(200, { 'content-type': m.mediaType, 'docker-content-digest': m.digest }, m.bytes)
        else if (repo.tags.has(ref) || repo.digests.has(ref))
          reply(
            405,
            { 'content-type': 'application/json' },
            errorBody('UNSUPPORTED', 'not simulated')
          )
        else reply(404, { 'content-type': 'application/json' }, errorBody('MANIFEST_UNKNOWN', ref))
      } else {
        const b = there?.blobs.get(ref)
        if (b)
          reply(
            200,
            { 'content-type': 'application/octet-stream', 'docker-content-digest': ref },
            b
          )
        else reply(404, { 'content-type': 'application/json' }, errorBody('BLOB_UNKNOWN', ref))
      }
      return
    }
    reply(405, { 'content-type': 'application/json' }, errorBody('UNSUPPORTED', 'not simulated'))
  }

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert, keepAlive: true }, handle)
    : http.createServer({ keepAlive: true }, handle)
  server.on('secureConnection', (socket: { servername?: string | false }) => {
    if (socket.servername) stateOf(socket.servername).counts.connections++
  })
  server.keepAliveTimeout = 60_000
  server.maxRequestsPerSocket = 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    counts: () => new Map([...states].map(([h, s]) => [h, { ...s.counts }])),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function errorBody(code: string, message: string): Buffer {
  return Buffer.from(JSON.stringify({ errors: [{ code, message }] }))
}

/** The whole listing in one page, as Google's registries answer (they ignore `n`). */
function tagListBody(
  name: string,
  repo: FleetRepository,
  googleExt: boolean,
  mediaType: string
): Buffer {
  const listing: Record<string, unknown> = { name, tags: [...repo.tags.keys()].sort() }
  if (googleExt) {
    const manifest: Record<string, unknown> = {}
    for (const [digest, tags] of repo.digests)
      manifest[digest] = { tag: tags, mediaType, imageSizeBytes: '0' }
    listing.manifest = manifest
  }
  return Buffer.from(JSON.stringify(listing))
}
