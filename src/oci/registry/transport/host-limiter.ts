// The per-host limiter state: a concurrency semaphore, a token bucket for the request rate, and
// an adaptive rate that halves on 429 (and pauses for Retry-After), then recovers on success.
import type { HostConfig } from '../host-config.js'

const MIN_RATE = 1
const RECOVERY = 0.05

export class HostLimiter {
  private active = 0
  private readonly waiting: (() => void)[] = []
  private tokens: number
  private lastRefill = Date.now()
  private pausedUntil = 0
  /** The current request rate, at most the configured one. */
  rate: number

  constructor(private readonly config: HostConfig) {
    this.rate = config.requestsPerSecond
    this.tokens = Math.min(config.requestsPerSecond, config.concurrency * 2)
  }

  /** Wait for a slot and a rate token; resolves with the milliseconds waited. */
  async acquire(): Promise<number> {
    const started = Date.now()
    if (this.active >= this.config.concurrency)
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    for (;;) {
      const delay = this.takeToken()
      if (delay === 0) break
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
    return Date.now() - started
  }

  /** Give the slot to the next waiter (it inherits the slot, so `active` stays the same). */
  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.active--
  }

  /** 429: halve the rate and stop everyone until Retry-After has passed. */
  throttled(retryAfterMs: number | undefined): void {
    this.rate = Math.max(MIN_RATE, this.rate / 2)
    this.tokens = Math.min(this.tokens, 0)
    if (retryAfterMs) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs)
  }

  succeeded(): void {
    this.rate = Math.min(
      this.config.requestsPerSecond,
      this.rate + (this.config.requestsPerSecond - this.rate) * RECOVERY + RECOVERY
    )
  }

  /** 0 when a token was taken, else milliseconds until one is due. */
  private takeToken(): number {
    const now = Date.now()
    if (now < this.pausedUntil) return this.pausedUntil - now
    const capacity = Math.max(1, Math.min(this.rate, this.config.concurrency * 2))
    this.tokens = Math.min(capacity, this.tokens + ((now - this.lastRefill) / 1000) * this.rate)
    this.lastRefill = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - this.tokens) / this.rate) * 1000)
  }
}
