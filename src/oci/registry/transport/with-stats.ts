// Counts every HTTP exchange by host, method and status, and the bytes that cross the wire.
// Streamed bodies are counted by a pass-through (listening for 'data' would start the flow
// before the caller reads, losing bytes and backpressure).
import { Transform, pipeline } from 'node:stream'
import type { StatsRecorder } from '../stats.js'
import type { Send } from './types.js'

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
    const host = new URL(request.url).host
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
      const response = await inner({ ...request, body })
      stats.request(host, request.method, response.status)
      if (response.bytes) {
        entry.bytesIn += response.bytes.length
        return response
      }
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
