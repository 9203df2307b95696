// A scripted base Send for protocol edge cases: each step matches one expected request
// (`METHOD url-or-path`) and answers it. Requests are recorded, headers included, so tests can
// assert exactly what went over the wire. Unused or unexpected steps fail the test.
import { Readable } from 'node:stream'
import { TransportError } from '../../../src/oci/registry/transport/base.js'
import type { Send, SendRequest, SendResponse } from '../../../src/oci/registry/transport/types.js'

export interface Step {
  /** `HEAD /v2/a/manifests/v1` (path + query of the URL) or `GET https://other/x`. */
  expect: string
  status?: number
  headers?: Record<string, string | string[]>
  body?: string | Uint8Array | object
  /** Throw a TransportError of this kind instead of answering. */
  fail?: TransportError['kind']
}

export interface Recorded {
  method: string
  url: string
  headers: Record<string, string>
  body?: Buffer
}

export interface Script {
  send: Send
  requests: Recorded[]
  /** Steps not consumed yet (a test ends with `expect(script.remaining()).toEqual([])`). */
  remaining(): string[]
}

function bodyBytes(body: Step['body']): Buffer {
  if (body === undefined) return Buffer.alloc(0)
  if (typeof body === 'string') return Buffer.from(body)
  if (body instanceof Uint8Array) return Buffer.from(body)
  return Buffer.from(JSON.stringify(body))
}

async function readBody(body: SendRequest['body']): Promise<Buffer | undefined> {
  if (body === undefined) return undefined
  if (body instanceof Uint8Array) return Buffer.from(body)
  const chunks: Buffer[] = []
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

export function scripted(steps: Step[]): Script {
  const queue = [...steps]
  const requests: Recorded[] = []
  const send: Send = async (request) => {
    const url = new URL(request.url)
    const recorded: Recorded = {
      method: request.method,
      url: request.url,
      headers: { ...request.headers }
    }
    requests.push(recorded)
    recorded.body = await readBody(request.body)
    const step = queue.shift()
    const short = `${request.method} ${url.pathname}${url.search}`
    const long = `${request.method} ${request.url}`
    if (!step) throw new Error(`unexpected request ${long}`)
    if (step.expect !== short && step.expect !== long)
      throw new Error(`expected ${step.expect}, got ${long}`)
    if (step.fail) throw new TransportError(step.fail, `scripted ${step.fail}`)
    const bytes = bodyBytes(step.body)
    const headers: SendResponse['headers'] = { 'content-length': String(bytes.length) }
    if (
      step.body !== undefined &&
      typeof step.body === 'object' &&
      !(step.body instanceof Uint8Array)
    )
      headers['content-type'] = 'application/json'
    for (const [name, value] of Object.entries(step.headers ?? {}))
      headers[name.toLowerCase()] = value
    const response: SendResponse = {
      status: step.status ?? 200,
      headers,
      url: request.url,
      body: Readable.from([bytes])
    }
    if (request.buffer && request.method !== 'HEAD') response.bytes = bytes
    return response
  }
  return { send, requests, remaining: () => queue.map((s) => s.expect) }
}
