// Counts every HTTP exchange by host, method and status, and the bytes that cross the wire.
// Streamed bodies are counted by a pass-through (listening for 'data' would start the flow
// before the caller reads, losing bytes and backpressure).
import { Transform, pipeline } from 'node:stream'
import type { StatsRecorder } from '../stats.js'
import type { Send } from './types.js'
import { hostOf } from './url-host.js'

function counter(count: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      count(chunk.length)
      callback(null, chunk)
    }
  })
}

export function withStats(inner: Send, stats: StatsRecorder): Send {
  return async (request) => {
    const host = hostOf(request.url)
    const entry = stats.host(host)
    let body = request.body
    if (body instanceof Uint8Array) entry.bytesOut += body.length
    else if (body)
      body = pipeline(
        body,
        counter((n) => (entry.bytesOut += n)),
        () => undefined
      )
    try {
      const response = await inner(body === request.body ? request : { ...request, body })
      stats.request(host, request.method, response.status)
      if (response.bytes) {
        entry.bytesIn += response.bytes.length
        return response
      }
      // A HEAD answer has no body (base.ts drains it): no counter, whose pipeline cost ~5% of
      // a HEAD-bound plan (an AbortController and its DOMException per response).
      if (request.method === 'HEAD') return response
      const counted = pipeline(
        response.body,
        counter((n) => (entry.bytesIn += n)),
        () => undefined
      )
      return { ...response, body: counted }
    } catch (error) {
      stats.request(host, request.method, 'error')
      throw error
    }
  }
}
