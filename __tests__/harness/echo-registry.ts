// A hostile registry in the test process that echoes back the credentials it was sent, in every
// encoding a careless server might use: the raw Authorization header, the Basic value decoded to
// `user:password`, the password URL-encoded and JSON-escaped, the bearer token in base64, all in
// the spec's `errors` body (which our errors quote) or as plain text. Auth is real: Basic or a
// token realm on the same loopback host that checks the Basic credentials and issues a token.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type EchoAuth = 'basic' | 'bearer'
/** Where the echo comes: a manifest read, or the token endpoint refusing. */
export type EchoWhere = 'manifest' | 'token'

export interface EchoOptions {
  username: string
  password: string
  auth: EchoAuth
  where: EchoWhere
  /** Status of the echoing answer. */
  status: number
  /** true: `{"errors":[{"code","message"}]}` body; false: plain text. */
  specBody: boolean
  /** Host name the challenge names as token realm. Default 127.0.0.1 (the registry's own). */
  realmHost?: string
}

export interface EchoRegistry {
  host: string
  /** Tokens this server issued (secrets the client learned from token answers). */
  issued: string[]
  /** Answers that echoed credentials back. */
  echoes: number
  /** Token requests that carried credentials. */
  credentialedTokenRequests: number
  stop(): Promise<void>
}

/** Every form the server echoes, for a request carrying `authorization`. */
export function echoText(authorization: string, options: EchoOptions): string {
  const value = authorization.replace(/^\S+\s+/, '')
  const decoded = authorization.startsWith('Basic ')
    ? Buffer.from(value, 'base64').toString('utf8')
    : ''
  return [
    `you sent Authorization: ${authorization}`,
    `credentials ${decoded}`,
    `password=${encodeURIComponent(options.password)}`,
    `json ${JSON.stringify(options.password)}`,
    `token-b64 ${Buffer.from(value).toString('base64')}`,
    `dump ${Buffer.from(`GET / HTTP/1.1\r\nAuthorization: ${authorization}\r\n`).toString('base64')}`
  ].join('; ')
}

export async function startEchoRegistry(options: EchoOptions): Promise<EchoRegistry> {
  const issued: string[] = []
  const state = { echoes: 0, credentialedTokenRequests: 0 }
  const basic = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`
  let realm = ''

  const echo = (req: IncomingMessage, res: ServerResponse) => {
    state.echoes++
    const text = echoText(req.headers.authorization ?? '', options)
    const body = options.specBody
      ? JSON.stringify({ errors: [{ code: 'DENIED', message: text, detail: text }] })
      : text
    res.writeHead(options.status, {
      'content-type': options.specBody ? 'application/json' : 'text/plain'
    })
    res.end(body)
  }

  const challenge = (res: ServerResponse) => {
    const header =
      options.auth === 'basic' ? 'Basic realm="echo"' : `Bearer realm="${realm}",service="echo"`
    res.writeHead(401, { 'www-authenticate': header, 'content-type': 'application/json' })
    res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}')
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://echo').pathname
    const authorization = req.headers.authorization ?? ''
    if (path === '/token') {
      if (authorization) state.credentialedTokenRequests++
      if (options.where === 'token') return echo(req, res)
      if (authorization !== basic) return challenge(res)
      const token = `echo-token-${randomBytes(12).toString('hex')}`
      issued.push(token)
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ token, expires_in: 300 }))
    }
    const authorized =
      options.auth === 'basic'
        ? authorization === basic
        : issued.some((t) => authorization === `Bearer ${t}`)
    if (!authorized) return challenge(res)
    if (path === '/v2/') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end('{}')
    }
    // HEAD has no body to echo in: sources exist, destinations do not, so the run goes on to
    // the GETs (tag lists, manifests), which echo.
    if (req.method === 'HEAD') {
      const digest = /\/manifests\/(sha256:[0-9a-f]{64})$/.exec(path)?.[1]
      if (path.includes('/staging/') && digest) {
        res.writeHead(200, {
          'docker-content-digest': digest,
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'content-length': '2'
        })
        return res.end()
      }
      res.writeHead(404)
      return res.end()
    }
    echo(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  realm = `http://${options.realmHost ?? '127.0.0.1'}:${port}/token`
  return {
    host: `127.0.0.1:${port}`,
    issued,
    get echoes() {
      return state.echoes
    },
    get credentialedTokenRequests() {
      return state.credentialedTokenRequests
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
