// startFaultProxy(): a plain-HTTP reverse proxy on loopback in front of a test registry that
// injects 429 (with Retry-After), 503, 500, connection resets, truncated or stalled bodies and delays,
// chosen by a seeded policy; optional per-second quota and tag-list pagination emulation.
// Bodies stream both ways; Location headers are rewritten so uploads stay on the proxy.
import {
  request as httpRequestRaw,
  createServer,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import { request as httpsRequestRaw } from 'node:https'
import type { AddressInfo } from 'node:net'
import {
  emptyStats,
  FaultPolicy,
  type FailFirst,
  type FaultKind,
  type FaultProxyStats,
  type FaultRates
} from './fault-policy.js'
import { MANIFEST_PATH, ReferrersEmulation } from './referrers-emulation.js'
import { tagPage } from './tag-pages.js'

export type { FailFirst, FaultKind, FaultProxyStats, FaultRates } from './fault-policy.js'

export interface FaultProxyOptions {
  /** The registry URL, e.g. a TestRegistry's `url`. */
  target: string
  /** CA to trust when `target` is https (a TestRegistry's `caPem`). */
  ca?: string
  rates?: FaultRates
  /** Retry-After on injected 429s. Default 1. */
  retryAfterSeconds?: number
  failFirst?: FailFirst
  /** PRNG seed for rates and delays. Default 42. */
  seed?: number
  /** Answer 429 to requests beyond N per second (fixed one-second windows). */
  quotaPerSecond?: number
  /** Emulate paginated tags/list (sorted, `n` + `last`, Link) with at most this many per page. */
  tagPageSize?: number
  /**
   * Emulate the OCI 1.1 referrers API (distribution 2.8 has none) for manifests pushed through
   * this proxy. Default false: referrers requests get the registry's plain 404.
   */
  referrers?: boolean
  /** Delay of the 'delay' fault of `failFirst`. Default 300 ms. */
  failFirstDelayMs?: number
  /**
   * After this many committed blob uploads (PUT answered 201), leave every later request
   * unanswered: the client stalls at a known point, as a process about to be killed would.
   */
  freezeAfterUploads?: number
}

export interface FaultProxy {
  url: string
  host: string
  /** Live counters (the same object throughout). */
  stats: FaultProxyStats
  /** True once `freezeAfterUploads` uploads were committed. */
  readonly frozen: boolean
  setRates(rates: FaultRates): void
  setFailFirst(failFirst: FailFirst | undefined): void
  setQuota(perSecond: number | undefined): void
  resetStats(): void
  stop(): Promise<void>
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade']

const ERROR_FAULTS = {
  tooManyRequests: { status: 429, code: 'TOOMANYREQUESTS' },
  unavailable: { status: 503, code: 'UNAVAILABLE' },
  serverError: { status: 500, code: 'UNKNOWN' }
} as const

function ociError(
  res: ServerResponse,
  status: number,
  code: string,
  headers: Record<string, string> = {}
) {
  const body = JSON.stringify({
    errors: [{ code, message: `injected by the fault proxy (${status})` }]
  })
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...headers
  })
  res.end(body)
}

/** Send half of the upstream body (by Content-Length), then drop the connection. */
function truncateBody(ur: IncomingMessage, res: ServerResponse): void {
  const half = Math.floor(Number(ur.headers['content-length'] ?? 0) / 2)
  let sent = 0
  ur.on('data', (chunk: Buffer) => {
    const room = half - sent
    if (room > 0) res.write(chunk.subarray(0, room))
    sent += Math.min(Math.max(room, 0), chunk.length)
    if (sent >= half) {
      ur.destroy()
      res.destroy()
    }
  })
  ur.on('end', () => res.destroy())
}

/**
 * Send half of the upstream body, then nothing more while holding the connection open: a peer
 * hung mid-body. Counts the client closing it (what a cancelled client does).
 */
function stallBody(ur: IncomingMessage, res: ServerResponse, stats: FaultProxyStats): void {
  const half = Math.floor(Number(ur.headers['content-length'] ?? 0) / 2)
  let sent = 0
  res.on('close', () => stats.stallClosed++)
  ur.on('data', (chunk: Buffer) => {
    const room = half - sent
    if (room > 0) res.write(chunk.subarray(0, room))
    sent += Math.min(Math.max(room, 0), chunk.length)
    if (sent >= half) ur.destroy()
  })
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target)
  const policy = new FaultPolicy(
    options.rates,
    options.failFirst,
    options.seed,
    options.quotaPerSecond
  )
  const stats = emptyStats()
  const retryAfter = String(options.retryAfterSeconds ?? 1)
  const referrers = options.referrers ? new ReferrersEmulation() : undefined
  let origin = ''
  let committedUploads = 0
  let frozen = false

  const upstream = (
    req: IncomingMessage,
    path: string,
    onResponse: (up: IncomingMessage) => void
  ) => {
    const send = target.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw
    const headers = { ...req.headers, host: target.host }
    return send(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path,
        headers,
        ca: options.ca
      },
      onResponse
    )
  }

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    body: 'pass' | 'truncate' | 'stall' = 'pass'
  ) => {
    const url = new URL(req.url ?? '/', 'http://proxy')
    if (referrers?.serve(req.method ?? 'GET', url, res)) return
    const manifest = referrers ? MANIFEST_PATH.exec(url.pathname) : null
    if (manifest && req.method === 'DELETE') referrers!.recordDelete(manifest[1], manifest[2])
    if (manifest && req.method === 'PUT') return putManifest(req, res, manifest[1])
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname)
    const paginate = options.tagPageSize !== undefined && req.method === 'GET' && tags !== null
    const up = upstream(req, paginate ? url.pathname : (req.url ?? '/'), (ur) => {
      if (paginate && ur.statusCode === 200) return paginateTags(tags[1], url, ur, res)
      if (
        req.method === 'PUT' &&
        ur.statusCode === 201 &&
        url.pathname.includes('/blobs/uploads/')
      ) {
        frozen = ++committedUploads >= (options.freezeAfterUploads ?? Infinity)
      }
      res.writeHead(ur.statusCode ?? 502, responseHeaders(ur))
      if (body === 'truncate') truncateBody(ur, res)
      else if (body === 'stall') stallBody(ur, res, stats)
      else ur.pipe(res)
    })
    up.on('error', () => (res.headersSent ? res.destroy() : ociError(res, 502, 'UNKNOWN')))
    req.pipe(up)
  }

  const responseHeaders = (ur: IncomingMessage) => {
    const headers = { ...ur.headers }
    // Hop-by-hop: this server manages its own connections. A forwarded Connection header would
    // also stop Node from sending its Keep-Alive hint, and clients would then reuse sockets this
    // server is closing (a reset, and a retry the proxy did not inject).
    for (const name of HOP_BY_HOP) delete headers[name]
    if (typeof headers.location === 'string' && headers.location.startsWith(target.origin)) {
      headers.location = origin + headers.location.slice(target.origin.length)
    }
    return headers
  }

  // Referrers emulation: the body is needed to see `subject`, so this PUT is buffered.
  const putManifest = (req: IncomingMessage, res: ServerResponse, repository: string) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const up = upstream(req, req.url ?? '/', (ur) => {
        const headers = responseHeaders(ur)
        const digest = ur.headers['docker-content-digest']
        if (ur.statusCode === 201 && typeof digest === 'string') {
          const subject = referrers!.recordPut(
            repository,
            body,
            digest,
            req.headers['content-type']
          )
          if (subject) headers['oci-subject'] = subject
        }
        res.writeHead(ur.statusCode ?? 502, headers)
        ur.pipe(res)
      })
      up.on('error', () => (res.headersSent ? res.destroy() : ociError(res, 502, 'UNKNOWN')))
      up.end(body)
    })
  }

  const paginateTags = (name: string, url: URL, ur: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    ur.on('data', (c: Buffer) => chunks.push(c))
    ur.on('end', () => {
      const listing = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        tags?: string[] | null
      }
      const page = tagPage(name, listing.tags ?? [], url.searchParams, options.tagPageSize!)
      const headers: Record<string, string> = { 'Content-Type': 'application/json' }
      if (page.link) headers.Link = page.link
      res.writeHead(200, headers)
      res.end(page.body)
    })
  }

  const inject = (fault: FaultKind, req: IncomingMessage, res: ServerResponse) => {
    stats[fault === 'delay' ? 'delayed' : fault]++
    if (fault === 'reset') return void req.socket.destroy()
    if (fault === 'truncate' || fault === 'stall') return forward(req, res, fault)
    if (fault === 'delay') {
      stats.passed++
      // Unref'd: a long hold must not keep the test process alive after stop().
      return void setTimeout(() => forward(req, res), options.failFirstDelayMs ?? 300).unref()
    }
    const { status, code } = ERROR_FAULTS[fault]
    req.resume()
    req.on('end', () =>
      ociError(res, status, code, status === 429 ? { 'Retry-After': retryAfter } : {})
    )
  }

  const server = createServer((req, res) => {
    if (frozen) return // parked until stop() closes the connection
    stats.requests++
    if (policy.overQuota()) {
      stats.quotaExceeded++
      stats.tooManyRequests++
      req.resume()
      return req.on('end', () => ociError(res, 429, 'TOOMANYREQUESTS', { 'Retry-After': '1' }))
    }
    const fault = policy.decide(`${req.method} ${req.url}`)
    if (fault) return inject(fault, req, res)
    stats.passed++
    const wait = policy.delayMs()
    if (wait <= 0) return forward(req, res)
    stats.delayed++
    setTimeout(() => forward(req, res), wait)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  let stopped: Promise<void> | undefined
  return {
    url: origin,
    host: `127.0.0.1:${port}`,
    stats,
    get frozen() {
      return frozen
    },
    setRates: (rates) => void (policy.rates = rates),
    setFailFirst: (failFirst) => policy.setFailFirst(failFirst),
    setQuota: (perSecond) => void (policy.quotaPerSecond = perSecond),
    resetStats: () => void Object.assign(stats, emptyStats()),
    stop: () => {
      stopped ??= new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
      return stopped
    }
  }
}
