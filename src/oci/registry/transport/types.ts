// The one shape every transport wrapper shares: a request in, a response out (like an
// http.RoundTripper). Wrappers are stacked by createSend(); tests inject a scripted base Send.
import type { Readable } from 'node:stream'

export type HeaderMap = Record<string, string>

export interface SendRequest {
  method: string
  /** Absolute URL. Stores build `https://host/...`; withScheme may downgrade loopback hosts. */
  url: string
  headers?: HeaderMap
  /** Uint8Array bodies can be replayed (retry, auth refresh); stream bodies are sent once. */
  body?: Uint8Array | Readable
  /** Token scopes this request needs (`repository:a/b:pull`); read by withAuth only. */
  scopes?: string[]
  /** Read the whole body inside the transport (so a truncated body is retried), up to maxBytes. */
  buffer?: boolean
  /** Refuse buffered bodies larger than this (Content-Length checked before reading). */
  maxBytes?: number
  /** Idle timeout for this request in milliseconds; the host default when absent. */
  timeoutMs?: number
  /** Skip withAuth (token endpoint calls carry their own credentials). */
  noAuth?: boolean
  /** Aborting it destroys the request and its response body (CancelledError); never retried. */
  signal?: AbortSignal
}

export interface SendResponse {
  status: number
  /** Lower-case header names; repeated headers are joined with ", " except www-authenticate. */
  headers: Record<string, string | string[] | undefined>
  /** The URL that answered (after scheme rewriting and redirects). */
  url: string
  /** Present when the request asked for `buffer`. */
  bytes?: Buffer
  /** The body stream; already consumed when `bytes` is set. */
  body: Readable
  /** How many attempts withRetry made (1 when it did not retry). */
  attempts?: number
}

export type Send = (request: SendRequest) => Promise<SendResponse>

/** One header value as text (first of a repeated header), or undefined. */
export function headerValue(response: SendResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** All values of a possibly repeated header. */
export function headerValues(response: SendResponse, name: string): string[] {
  const value = response.headers[name.toLowerCase()]
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

/** Whether the body can be sent again (retry, 401 refresh, redirect). */
export function isReplayable(request: SendRequest): boolean {
  return request.body === undefined || request.body instanceof Uint8Array
}

/** Throw away a response body we will not read, so the connection returns to the pool. */
export function discard(response: SendResponse): void {
  if (response.bytes === undefined) response.body.resume()
}
