// Retries temporary failures (408/429/5xx, resets, truncated bodies, timeouts) with exponential
// backoff and full jitter, honouring Retry-After, within a bounded number of attempts and time.
// Requests with a stream body are sent once: the stream cannot be replayed.
import { abortable, sleep as sleepAbortable, throwIfCancelled } from '../../../cancel.js'
import { RETRYABLE_STATUSES } from '../errors.js'
import type { HostConfigLookup } from '../host-config.js'
import type { StatsRecorder } from '../stats.js'
import { TransportError } from './base.js'
import { HostCutOffError } from './with-host-cutoff.js'
import { parseRetryAfter } from './retry-after.js'
import { discard, headerValue, isReplayable, type Send, type SendResponse } from './types.js'
import { hostOf } from './url-host.js'

export interface RetryOptions {
  hostConfig: HostConfigLookup
  stats: StatsRecorder
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

function isRetryableError(error: unknown): boolean {
  return (
    error instanceof TransportError &&
    !(error instanceof HostCutOffError) &&
    !['tls', 'certificate', 'too-large'].includes(error.kind)
  )
}

export function withRetry(inner: Send, options: RetryOptions): Send {
  // A cancelled run neither waits out a backoff nor tries again.
  const sleep = (ms: number, signal?: AbortSignal) =>
    options.sleep ? abortable(options.sleep(ms), signal) : sleepAbortable(ms, signal)
  const random = options.random ?? Math.random
  return async (request) => {
    const host = hostOf(request.url)
    const config = options.hostConfig(host)
    const replayable = isReplayable(request)
    const started = Date.now()
    for (let attempt = 1; ; attempt++) {
      let outcome: { response: SendResponse } | { error: unknown }
      try {
        outcome = { response: await inner(request) }
      } catch (error) {
        throwIfCancelled(request.signal)
        outcome = { error }
      }
      const retryable =
        'response' in outcome
          ? RETRYABLE_STATUSES.has(outcome.response.status)
          : isRetryableError(outcome.error)
      const backoff =
        Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** (attempt - 1)) * random()
      const retryAfter =
        'response' in outcome
          ? parseRetryAfter(headerValue(outcome.response, 'retry-after'), config.maxRetryAfterMs)
          : undefined
      const wait = Math.max(backoff, retryAfter ?? 0)
      const withinBudget = Date.now() - started + wait <= config.retryBudgetMs
      if (!retryable || !replayable || attempt >= config.maxAttempts || !withinBudget) {
        if ('response' in outcome) return { ...outcome.response, attempts: attempt }
        if (outcome.error instanceof TransportError) outcome.error.attempts = attempt
        throw outcome.error
      }
      if ('response' in outcome) discard(outcome.response)
      const entry = options.stats.host(host)
      entry.retries++
      entry.waitedMs += wait
      await sleep(wait, request.signal)
    }
  }
}
