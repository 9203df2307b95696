// The per-host limiter state: a concurrency semaphore, a token bucket paced by the adaptive rate
// (adaptive-rate.ts), and a pause of the whole host for a 429's Retry-After.
import { cancelledBy, throwIfCancelled, watchAbort } from '../../../cancel.js'
import type { HostConfig } from '../host-config.js'
import { AdaptiveRate } from './adaptive-rate.js'

export class HostLimiter {
  private active = 0
  private readonly waiting: (() => void)[] = []
  /** Holders of a slot waiting for a rate token, in order; one timer wakes them (handOutTokens). */
  private readonly tokenWaiters: (() => void)[] = []
  private tokenTimer: NodeJS.Timeout | undefined
  private tokens: number
  private lastRefill = Date.now()
  private pausedUntil = 0
  private readonly adaptive: AdaptiveRate

  constructor(private readonly config: HostConfig) {
    this.adaptive = new AdaptiveRate(config.requestsPerSecond)
    this.tokens = Math.min(config.requestsPerSecond, config.concurrency * 2)
  }

  /**
   * Wait for a slot and a rate token; resolves with the milliseconds waited. An aborted `signal`
   * rejects (CancelledError) without holding a slot.
   */
  async acquire(signal?: AbortSignal): Promise<number> {
    const started = Date.now()
    throwIfCancelled(signal)
    if (this.active >= this.config.concurrency) await this.waitForSlot(signal)
    else this.active++
    try {
      if (this.tokenWaiters.length > 0 || this.takeToken() !== 0) await this.waitForToken(signal)
    } catch (error) {
      this.release()
      throw error
    }
    return Date.now() - started
  }

  private waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    return waitInLine(this.waiting, signal)
  }

  /**
   * Wait in line for a rate token. One timer per host hands tokens out in order as they are
   * earned: a timer per waiter woke every waiter for each token (~13 timers per request at a
   * host's rate, ~0.5 ms of CPU per request: bench plan-fleet --no-google-ext).
   */
  private waitForToken(signal: AbortSignal | undefined): Promise<void> {
    const queued = waitInLine(this.tokenWaiters, signal)
    this.handOutTokens()
    return queued
  }

  /** Grant the waiters what tokens there are, then sleep until the next one is due. */
  private handOutTokens(): void {
    if (this.tokenTimer !== undefined) return
    while (this.tokenWaiters.length > 0) {
      const delay = this.takeToken()
      if (delay > 0) {
        this.tokenTimer = setTimeout(() => {
          this.tokenTimer = undefined
          this.handOutTokens()
        }, delay)
        return
      }
      this.tokenWaiters.shift()!()
    }
  }

  /** Give the slot to the next waiter (it inherits the slot, so `active` stays the same). */
  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.active--
  }

  /** The current request rate, at most the configured one. */
  get rate(): number {
    return this.adaptive.rate
  }

  /** The rate's generation: read when a request is sent, passed back with its outcome. */
  get generation(): number {
    return this.adaptive.generation
  }

  /** 429: adapt the rate, and stop everyone until Retry-After has passed. */
  throttled(retryAfterMs: number | undefined, generation?: number): void {
    this.adaptive.onThrottled(retryAfterMs, generation)
    this.tokens = Math.min(this.tokens, 0)
    if (!retryAfterMs) return
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs)
    // Under a cut rate (a quota is suspected) the pause earns no tokens: a burst when it ends
    // would overrun the quota's next window. At the full rate the burst is what keeps a host
    // with rate-independent 429s busy between pauses.
    if (this.rate < this.config.requestsPerSecond)
      this.lastRefill = Math.max(this.lastRefill, this.pausedUntil)
  }

  succeeded(generation?: number): void {
    this.adaptive.onAccepted(generation)
  }

  /** 0 when a token was taken, else milliseconds until one is due. */
  private takeToken(): number {
    const now = Date.now()
    if (now < this.pausedUntil) return this.pausedUntil - now
    const rate = this.rate
    const capacity = Math.max(1, Math.min(rate, this.config.concurrency * 2))
    const earned = (Math.max(0, now - this.lastRefill) / 1000) * rate
    this.tokens = Math.min(capacity, this.tokens + earned)
    this.lastRefill = Math.max(this.lastRefill, now)
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - this.tokens) / rate) * 1000)
  }
}

/**
 * Join `line` (its owner calls the first entry when it is that waiter's turn); an aborted
 * `signal` leaves the line and rejects (CancelledError).
 */
function waitInLine(line: (() => void)[], signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const granted = () => {
      forget?.()
      resolve()
    }
    const forget =
      signal &&
      watchAbort(signal, () => {
        const index = line.indexOf(granted)
        if (index >= 0) line.splice(index, 1)
        reject(cancelledBy(signal))
      })
    line.push(granted)
  })
}
