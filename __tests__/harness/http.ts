// The harness's own small HTTP client (node:http/https with keep-alive and an optional CA), so
// test set-up never depends on the product's registry client that it is there to test.
import { Agent as HttpAgent, request as httpRequestRaw, type IncomingHttpHeaders } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequestRaw } from 'node:https'
import { HarnessError } from './harness-error.js'

export interface HarnessRequest {
  method?: string
  headers?: Record<string, string>
  body?: Uint8Array | string
  /** PEM of a CA to trust for https URLs (a TLS TestRegistry's `caPem`). */
  ca?: string
}

export interface HarnessResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 32 })
const httpsAgents = new Map<string, HttpsAgent>()

function httpsAgent(ca: string | undefined): HttpsAgent {
  const key = ca ?? ''
  let agent = httpsAgents.get(key)
  if (!agent) {
    agent = new HttpsAgent({ keepAlive: true, maxSockets: 32, ca })
    httpsAgents.set(key, agent)
  }
  return agent
}

/** One request; resolves with the whole response body (test payloads are small or bounded). */
export function httpRequest(url: string, options: HarnessRequest = {}): Promise<HarnessResponse> {
  const target = new URL(url)
  const secure = target.protocol === 'https:'
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body
  const headers: Record<string, string> = {
    'User-Agent': 'image-promoter-harness',
    ...options.headers
  }
  if (body) headers['Content-Length'] = String(body.length)
  const send = secure ? httpsRequestRaw : httpRequestRaw
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        headers,
        agent: secure ? httpsAgent(options.ca) : httpAgent
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks)
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', (error) =>
      reject(
        new HarnessError(
          'HARNESS_REQUEST_FAILED',
          `${options.method ?? 'GET'} ${url} failed: ${error.message}`,
          {
            hint: 'is the test registry (or proxy) still running?',
            cause: error
          }
        )
      )
    )
    req.end(body)
  })
}

/** A response header as one string (first value when repeated). */
export function headerValue(res: HarnessResponse, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
