// The per-host limiter state: a concurrency semaphore, a token bucket paced by the adaptive rate
// (adaptive-rate.ts), and a pause of the whole host for a 429's Retry-After.
import type { HostConfig } from '../host-config.js'
import { AdaptiveRate } from './adaptive-rate.js'

export class HostLimiter {
  private active = 0
  private readonly waiting: (() => void)[] = []
  private tokens: number
  private lastRefill = Date.now()
  private pausedUntil = 0
  private readonly adaptive: AdaptiveRate

  constructor(private readonly config: HostConfig) {
    this.adaptive = new AdaptiveRate(config.requestsPerSecond)
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

  /** The current request rate, at most the configured one. */
  get rate(): number {
    return this.adaptive.rate
  }

  /** 429: adapt the rate, and stop everyone until Retry-After has passed. */
  throttled(retryAfterMs: number | undefined): void {
    this.adaptive.onThrottled(retryAfterMs)
    this.tokens = Math.min(this.tokens, 0)
    if (retryAfterMs) {
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs)
      // No tokens accrue during the pause: the host gets no burst when it ends.
      this.lastRefill = Math.max(this.lastRefill, this.pausedUntil)
    }
  }

  succeeded(): void {
    this.adaptive.onAccepted()
  }

  /** 0 when a token was taken, else milliseconds until one is due. */
  private takeToken(): number {
    const now = Date.now()
    if (now < this.pausedUntil) return this.pausedUntil - now
    const rate = this.rate
    const capacity = Math.max(1, Math.min(rate, this.config.concurrency * 2))
    this.tokens = Math.min(
      capacity,
      this.tokens + (Math.max(0, now - this.lastRefill) / 1000) * rate
    )
    this.lastRefill = Math.max(this.lastRefill, now)
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - this.tokens) / rate) * 1000)
  }
}
