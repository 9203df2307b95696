// A hostile "registry" on loopback for the hostile-registry scenario: it answers the read API
// with lies (wrong bytes for a digest, an oversized manifest, a redirect to another host, endless
// Link pagination, a slow-loris body) and records every request, with its Authorization header.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface SeenRequest {
  method: string
  url: string
  authorization?: string
  /** Which server saw it: 'registry' or 'elsewhere' (the redirect target). */
  server: string
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void

export interface HostileServer {
  /** `127.0.0.1:PORT` */
  host: string
  /** The same server as `localhost:PORT`: another host name, so another credential scope. */
  otherHost: string
  seen: SeenRequest[]
  /** What answers /v2/<repo>/... (the base /v2/ endpoint and Basic auth are built in). */
  route(handler: Handler): void
  stop(): Promise<void>
}

export const USER = 'hostile-user'
export const PASSWORD = 'hostile-password-5ecret'
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`

export async function startHostileServer(): Promise<HostileServer> {
  const seen: SeenRequest[] = []
  let handler: Handler = (_req, res) => res.writeHead(404).end()
  const server = createServer((req, res) => {
    const server = req.headers.host?.startsWith('localhost') ? 'elsewhere' : 'registry'
    seen.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization,
      server
    })
    if (server === 'registry' && req.headers.authorization !== BASIC) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' }).end()
      return
    }
    if (req.url === '/v2/') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      return
    }
    handler(req, res)
  })
  // Slow-loris handlers keep sockets open; close() must not wait for them.
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    host: `127.0.0.1:${port}`,
    otherHost: `localhost:${port}`,
    seen,
    route: (next) => void (handler = next),
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

export const CREDENTIALS = { username: USER, password: PASSWORD }
