// The bottom of the stack: one HTTP exchange over node:http/https with keep-alive pools.
// No retries, no redirects, no auth: the wrappers above add those.
import http from 'node:http'
import https from 'node:https'
import { createSecureContext, rootCertificates } from 'node:tls'
import { Readable } from 'node:stream'
import { CancelledError, cancelledBy, watchAbort } from '../../../cancel.js'
import { BodyTooLargeError, readLimited } from '../body.js'
import { DEFAULT_HOST_CONFIG } from '../host-config.js'
import type { Send, SendRequest, SendResponse } from './types.js'

export interface BaseSendOptions {
  /** Extra trusted CA certificates (PEM), added to Node's default roots. */
  caPem?: string
  /** Idle timeout when a request does not set one. Default 60 s. */
  timeoutMs?: number
  /** Deadline for the response headers, counted from the end of the request body. Default 30 s. */
  headerTimeoutMs?: number
  /** Deadline for a buffered body (manifest, tag list, token), counted from the headers. Default 60 s. */
  bodyTimeoutMs?: number
}

export interface BaseSend {
  send: Send
  /** Close pooled connections. */
  close: () => void
}

/** A failure below HTTP (reset, refused, TLS, timeout, truncated body), carrying its kind. */
export class TransportError extends Error {
  constructor(
    /** `tls`: the peer does not speak TLS; `certificate`: it does, with a certificate we do not trust. */
    readonly kind:
      'timeout' | 'reset' | 'truncated' | 'tls' | 'certificate' | 'network' | 'too-large',
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }

  /** How many attempts withRetry made before giving up. */
  attempts = 1
}

/** A response that missed its header or body deadline (a hung or dripping peer). */
export class DeadlineError extends TransportError {
  constructor(
    readonly deadline: 'header' | 'body',
    readonly ms: number
  ) {
    super(
      'timeout',
      deadline === 'header'
        ? `no response headers within the header deadline (${ms} ms)`
        : `body not complete within the body deadline (${ms} ms)`
    )
  }
}

const TLS_CODES = /^(EPROTO|ERR_SSL_)/
const CERTIFICATE_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS_CERT)/

export function classifyNetworkError(error: unknown): unknown {
  if (error instanceof TransportError || error instanceof CancelledError) return error
  const code = (error as { code?: string }).code ?? ''
  const message = error instanceof Error ? error.message : String(error)
  if (CERTIFICATE_CODES.test(code))
    return new TransportError('certificate', `TLS certificate not trusted: ${message}`, {
      cause: error
    })
  if (TLS_CODES.test(code))
    return new TransportError('tls', `TLS failed: ${message}`, { cause: error })
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    message === 'aborted' ||
    /socket hang up/.test(message)
  )
    return new TransportError('reset', `connection reset: ${message}`, { cause: error })
  return new TransportError('network', `${code || 'network error'}: ${message}`, { cause: error })
}

export function createBaseSend(options: BaseSendOptions = {}): BaseSend {
  const agentOptions = { keepAlive: true, maxSockets: 256, scheduling: 'lifo' as const }
  const httpAgent = new http.Agent(agentOptions)
  const httpsAgent = new https.Agent({
    ...agentOptions,
    // One TLS context for every connection: an agent-level `ca` is parsed again for each new
    // connection (~150 roots) and stringified into the pool key of every request (bench plan-fleet).
    secureContext: createSecureContext(
      options.caPem ? { ca: [...rootCertificates, options.caPem] } : {}
    )
  })
  const defaultTimeout = options.timeoutMs ?? 60_000
  const headerTimeout = options.headerTimeoutMs ?? DEFAULT_HOST_CONFIG.headerTimeoutMs
  const bodyTimeout = options.bodyTimeoutMs ?? DEFAULT_HOST_CONFIG.bodyTimeoutMs

  const send: Send = (request) =>
    new Promise<SendResponse>((resolve, reject) => {
      const signal = request.signal
      if (signal?.aborted) {
        reject(cancelledBy(signal))
        return
      }
      const url = new URL(request.url)
      const isHttp = url.protocol === 'http:'
      const headers: Record<string, string> = { ...request.headers }
      if (request.body instanceof Uint8Array)
        headers['content-length'] = String(request.body.length)
      else if (request.body === undefined && ['PUT', 'POST', 'PATCH'].includes(request.method))
        headers['content-length'] = '0'
      const outgoing = (isHttp ? http : https).request(url, {
        method: request.method,
        headers,
        agent: isHttp ? httpAgent : httpsAgent
      })
      const timeoutMs = request.timeoutMs ?? defaultTimeout
      outgoing.setTimeout(timeoutMs, () =>
        outgoing.destroy(new TransportError('timeout', `no answer within ${timeoutMs} ms`))
      )
      // Idle timeouts never fire on a peer that drips a byte every few seconds: deadlines do.
      const headerDeadline = deadline(headerTimeout, () =>
        outgoing.destroy(new DeadlineError('header', headerTimeout))
      )
      outgoing.on('finish', headerDeadline.start)
      outgoing.on('close', headerDeadline.stop)
      outgoing.on('error', (error) => reject(classifyNetworkError(error)))
      // An abort closes the socket at once, whether the headers or the body are under way.
      let incomingBody: http.IncomingMessage | undefined
      const onAbort = () => {
        const error = cancelledBy(signal!)
        incomingBody?.destroy(error)
        outgoing.destroy(error)
      }
      if (signal) {
        const forget = watchAbort(signal, onAbort)
        outgoing.on('close', () => {
          if (incomingBody === undefined || incomingBody.destroyed) forget()
          else incomingBody.on('close', forget)
        })
      }
      outgoing.on('response', (incoming) => {
        incomingBody = incoming
        headerDeadline.stop()
        const response: SendResponse = {
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          url: request.url,
          body: incoming
        }
        if (request.method === 'HEAD') incoming.resume()
        if (!request.buffer || request.method === 'HEAD') {
          resolve(response)
          return
        }
        bufferResponse(response, request, bodyTimeout).then(resolve, reject)
      })
      writeBody(outgoing, request.body, reject)
    })

  return {
    send,
    close: () => {
      httpAgent.destroy()
      httpsAgent.destroy()
    }
  }
}

function writeBody(
  outgoing: http.ClientRequest,
  body: SendRequest['body'],
  reject: (error: unknown) => void
): void {
  if (body === undefined) outgoing.end()
  else if (body instanceof Uint8Array) outgoing.end(body)
  else {
    body.on('error', (error) => {
      outgoing.destroy(error)
      reject(error)
    })
    body.pipe(outgoing)
  }
}

/** A timer started and stopped by events; `start` is idempotent. */
function deadline(ms: number, expire: () => void) {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  return {
    start: () => {
      if (timer === undefined && !stopped) timer = setTimeout(expire, ms)
    },
    stop: () => {
      stopped = true
      clearTimeout(timer)
    }
  }
}

async function bufferResponse(
  response: SendResponse,
  request: SendRequest,
  bodyTimeout: number
): Promise<SendResponse> {
  const limit = request.maxBytes ?? Number.MAX_SAFE_INTEGER
  const declared = Number(response.headers['content-length'] ?? NaN)
  if (declared > limit) {
    response.body.destroy()
    throw new TransportError('too-large', new BodyTooLargeError(limit, declared).message)
  }
  let bytes: Buffer
  const bodyDeadline = deadline(bodyTimeout, () =>
    response.body.destroy(new DeadlineError('body', bodyTimeout))
  )
  bodyDeadline.start()
  try {
    bytes = await readLimited(response.body, limit)
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new TransportError('too-large', error.message)
    const classified = classifyNetworkError(error)
    if (!(classified instanceof TransportError)) throw classified
    throw classified.kind === 'reset'
      ? new TransportError('truncated', `body cut short: ${classified.message}`, { cause: error })
      : classified
  } finally {
    bodyDeadline.stop()
  }
  if (!Number.isNaN(declared) && bytes.length !== declared)
    throw new TransportError(
      'truncated',
      `body is ${bytes.length} bytes, Content-Length said ${declared}`
    )
  return { ...response, bytes, body: Readable.from([bytes]) }
}
