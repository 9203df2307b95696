// Applies each host's HostLimiter around every attempt: waits for a slot and a rate token,
// holds the slot until the body is done, and adapts the rate on 429.
import { finished } from 'node:stream'
import type { HostConfigLookup } from '../host-config.js'
import type { StatsRecorder } from '../stats.js'
import { HostLimiter } from './host-limiter.js'
import { parseRetryAfter } from './retry-after.js'
import { headerValue, type Send } from './types.js'
import { hostOf } from './url-host.js'

export function withHostLimit(
  inner: Send,
  hostConfig: HostConfigLookup,
  stats: StatsRecorder
): Send {
  const limiters = new Map<string, HostLimiter>()
  const limiterFor = (host: string) => {
    let limiter = limiters.get(host)
    if (!limiter) limiters.set(host, (limiter = new HostLimiter(hostConfig(host))))
    return limiter
  }
  return async (request) => {
    const host = hostOf(request.url)
    const limiter = limiterFor(host)
    stats.host(host).waitedMs += await limiter.acquire(request.signal)
    const generation = limiter.generation
    let released = false
    const release = () => {
      if (!released) limiter.release()
      released = true
    }
    try {
      const response = await inner(request)
      if (response.status === 429) {
        const config = hostConfig(host)
        limiter.throttled(
          parseRetryAfter(headerValue(response, 'retry-after'), config.maxRetryAfterMs),
          generation
        )
      } else if (response.status < 500) limiter.succeeded(generation)
      if (response.bytes !== undefined || request.method === 'HEAD') release()
      else finished(response.body, release)
      return response
    } catch (error) {
      release()
      throw error
    }
  }
}
