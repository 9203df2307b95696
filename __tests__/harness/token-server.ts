// A Docker token server (distribution `auth: token`) in the test process: Basic credentials
// checked, RS256 JWTs with an x5c chain the registry trusts, scopes parsed (several per request,
// as a cross-repository mount needs), and every request counted and logged to the access log.
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto'
import { appendFileSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { combinedLogLine } from './access-log-format.js'

export interface TokenScope {
  type: string
  name: string
  actions: string[]
}

export interface TokenRequest {
  /** The authenticated user, or undefined for an anonymous request. */
  user?: string
  scopes: TokenScope[]
  status: number
}

export interface TokenServerOptions {
  certFile: string
  keyFile: string
  username: string
  password: string
  /** Default `harness-issuer`. */
  issuer?: string
  /** Default `harness-registry`. */
  service?: string
  /** Grant pull (only) to requests without credentials. Default false: they get 401. */
  anonymousPull?: boolean
  /** Token lifetime. Default 300 s. */
  tokenTtlSeconds?: number
  /** Append one combined-format line per request here (the registry's access log). */
  accessLogFile?: string
}

export interface TokenServer {
  /** The realm the registry advertises: `http://127.0.0.1:PORT/token`. */
  realm: string
  issuer: string
  service: string
  stats: { requests: number; issued: number; denied: number }
  /** Every token request, in arrival order. */
  requests: TokenRequest[]
  stop(): Promise<void>
}

/** Parse `scope` values: `type:name:a,b`, several per value when space-separated. */
export function parseScopes(values: string[]): TokenScope[] {
  const scopes: TokenScope[] = []
  for (const value of values.flatMap((v) => v.split(' ')).filter(Boolean)) {
    const first = value.indexOf(':')
    const last = value.lastIndexOf(':')
    if (first < 0 || last === first) continue
    const actions = value
      .slice(last + 1)
      .split(',')
      .filter(Boolean)
    scopes.push({ type: value.slice(0, first), name: value.slice(first + 1, last), actions })
  }
  return scopes
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url')

function certificateDer(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
}

function signJwt(claims: object, key: KeyObject, x5c: string): string {
  const header = { typ: 'JWT', alg: 'RS256', x5c: [x5c] }
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
  return `${input}.${b64url(sign('RSA-SHA256', Buffer.from(input), key))}`
}

function basicUser(req: IncomingMessage): { user: string; password: string } | undefined {
  const header = req.headers.authorization ?? ''
  if (!header.startsWith('Basic ')) return undefined
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const key = createPrivateKey(readFileSync(options.keyFile))
  const x5c = certificateDer(readFileSync(options.certFile, 'utf8'))
  const issuer = options.issuer ?? 'harness-issuer'
  const service = options.service ?? 'harness-registry'
  const ttl = options.tokenTtlSeconds ?? 300
  const stats = { requests: 0, issued: 0, denied: 0 }
  const requests: TokenRequest[] = []

  const answer = (req: IncomingMessage, res: ServerResponse, status: number, body: string) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="harness-token"'
    res.writeHead(status, headers)
    res.end(body)
    if (options.accessLogFile) {
      const line = combinedLogLine(
        req.method ?? 'GET',
        req.url ?? '/',
        status,
        body.length,
        req.headers['user-agent'] ?? ''
      )
      appendFileSync(options.accessLogFile, line)
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token')
    if (url.pathname !== '/token') return answer(req, res, 404, '{}')
    stats.requests++
    const scopes = parseScopes(url.searchParams.getAll('scope'))
    const creds = basicUser(req)
    const valid = creds?.user === options.username && creds.password === options.password
    if ((creds && !valid) || (!creds && !options.anonymousPull)) {
      stats.denied++
      requests.push({ user: creds?.user, scopes, status: 401 })
      return answer(
        req,
        res,
        401,
        '{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}'
      )
    }
    const access = creds
      ? scopes
      : scopes.map((s) => ({ ...s, actions: s.actions.filter((a) => a === 'pull') }))
    const now = Math.floor(Date.now() / 1000)
    const token = signJwt(
      {
        iss: issuer,
        sub: creds?.user ?? 'anonymous',
        aud: url.searchParams.get('service') ?? service,
        exp: now + ttl,
        nbf: now - 5,
        iat: now,
        jti: randomUUID(),
        access
      },
      key,
      x5c
    )
    stats.issued++
    requests.push({ user: creds?.user, scopes, status: 200 })
    const issuedAt = new Date(now * 1000).toISOString()
    answer(
      req,
      res,
      200,
      JSON.stringify({ token, access_token: token, expires_in: ttl, issued_at: issuedAt })
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let stopped: Promise<void> | undefined
  return {
    realm: `http://127.0.0.1:${port}/token`,
    issuer,
    service,
    stats,
    requests,
    stop: () => {
      stopped ??= new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
      return stopped
    }
  }
}
