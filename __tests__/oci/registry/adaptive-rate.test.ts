// AdaptiveRate on a simulated clock: a client that sends as fast as the rate allows, against a
// host with a per-second quota and against a host that rejects a fixed share of requests at any
// rate. Both honour Retry-After by pausing, as HostLimiter does.
import { describe, expect, it } from '@jest/globals'
import { AdaptiveRate } from '../../../src/oci/registry/transport/adaptive-rate.js'

const TICK_MS = 5
const RETRY_AFTER_MS = 1000

interface Simulation {
  /** Attempts (429s included) per simulated second. */
  perSecond: number[]
  accepted: number
}

/**
 * `answer(second, indexInSecond)` is true for an accepted request, false for a 429. With
 * `adapt: false` the rate stays at `max` and only Retry-After pauses (the baseline).
 */
function simulate(
  max: number,
  seconds: number,
  answer: (second: number, nth: number) => boolean,
  adapt = true
): Simulation {
  let now = 0
  const rate = adapt ? new AdaptiveRate(max, () => now) : undefined
  const perSecond = Array.from({ length: seconds }, () => 0)
  let accepted = 0
  let tokens = 0
  let pausedUntil = 0
  for (; now < seconds * 1000; now += TICK_MS) {
    if (now < pausedUntil) continue
    const current = rate?.rate ?? max
    tokens = Math.min(tokens + (current * TICK_MS) / 1000, Math.max(1, current / 10))
    const second = Math.floor(now / 1000)
    for (; tokens >= 1; tokens--) {
      if (answer(second, perSecond[second]!++)) {
        accepted++
        rate?.onAccepted()
      } else {
        rate?.onThrottled(RETRY_AFTER_MS)
        pausedUntil = now + RETRY_AFTER_MS
        tokens = 0
      }
    }
  }
  return { perSecond, accepted }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('AdaptiveRate', () => {
  it('settles under a per-second quota, near it', () => {
    const quota = 20
    const { perSecond } = simulate(200, 60, (_s, nth) => nth < quota)
    const settled = mean(perSecond.slice(30))
    expect(settled).toBeLessThanOrEqual(quota)
    expect(settled).toBeGreaterThan(quota * 0.6)
  })

  it('settles under a quota far below the configured rate', () => {
    const { perSecond } = simulate(5000, 60, (_s, nth) => nth < 50)
    expect(mean(perSecond.slice(30))).toBeLessThanOrEqual(50)
  })

  it('keeps its throughput when 429s do not depend on the rate', () => {
    const randomAnswers = () => {
      let seed = 7
      return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 >= 0.2
    }
    const adapted = simulate(200, 120, randomAnswers())
    const baseline = simulate(200, 120, randomAnswers(), false)
    // Cutting on every 429 would drive the rate to 1/s; undoing cuts that did not help keeps the
    // throughput of a client that only pauses for Retry-After.
    expect(adapted.accepted).toBeGreaterThan(baseline.accepted * 0.8)
  })

  it('decides once per generation: 429s of requests sent before a cut change nothing', () => {
    let now = 0
    const rate = new AdaptiveRate(100, () => now)
    const sentBefore = rate.generation
    for (let i = 0; i < 60; i++) rate.onAccepted(sentBefore)
    rate.onThrottled(1000, sentBefore)
    const cut = rate.rate
    expect(cut).toBeCloseTo(0.8 * 60)
    now += 10
    rate.onThrottled(1000, sentBefore)
    expect(rate.rate).toBe(cut)
    rate.onThrottled(1000, rate.generation)
    expect(rate.rate).toBeLessThan(cut)
  })
})
