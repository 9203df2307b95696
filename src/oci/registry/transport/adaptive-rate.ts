// The request rate a host gets, adapted to its 429s. Registries answer 429 for two reasons that
// need different reactions:
// - a quota (N requests per second): only a rate under N stops the 429s. A 429 comes only once
//   the host accepted its N, so the rate is cut to just under what it accepted in the last second
//   of sending, then grows back: fast, but slowly near the rate that drew the 429 (each probe past
//   the quota costs a Retry-After pause);
// - rejections that do not depend on the rate (a flaky front end, another client's load): cutting
//   does not stop them, and cutting again and again would make the run crawl.
// They are told apart by evidence. Each decision starts a generation: requests sent before it
// answer for the old rate, so their 429s change nothing. After a cut that matched a quota, many
// requests of the new generation pass before one is refused; when one is refused within
// FEW_ACCEPTED accepted ones, the cut did not help (at least 1 in FEW_ACCEPTED is still refused).
// After MAX_CUTS such cuts in a row, the rate goes back to the configured one and stays there for
// a hold (HOLD_MS, doubling while it keeps happening), while 429s only pause the host
// (Retry-After, in HostLimiter).

const MIN_RATE = 1
/** Share of the last second's accepted requests the rate is cut to. */
const CUT_TO = 0.8
/** Fewer accepted requests than this in the last second say nothing: halve instead. */
const MIN_EVIDENCE = 3
/** A cut did not help when the next 429 comes within this many accepted requests. */
const FEW_ACCEPTED = 20
/** Growth per second: this share of the rate, at least 1 request per second... */
const GROWTH = 0.1
/** ...but only this share within NEAR_LIMIT..BEYOND_LIMIT of the rate that drew the last 429. */
const GROWTH_NEAR_LIMIT = 0.005
const NEAR_LIMIT = 0.8
const BEYOND_LIMIT = 1.2
const MAX_CUTS = 3
const HOLD_MS = 10_000
const MAX_HOLD_MS = 120_000
/** The window of "accepted in the last second". */
const WINDOW_MS = 1000
/** After this long without a 429, the last cut says nothing any more. */
const FORGET_MS = 30_000

export class AdaptiveRate {
  /** The current request rate, at most the configured one. */
  rate: number
  /**
   * Accepted-request times in "sending time" (wall time minus paused time, so that the last
   * second of sending is what counts after a pause), oldest first from index `head`.
   */
  private accepted: number[] = []
  private head = 0
  private pausedMs = 0
  private pausedUntil = 0
  /** Bumped by each decision; requests carry the generation they were sent in. */
  generation = 0
  /** Accepted requests of the current generation. */
  private acceptedThisGeneration = 0
  /** Cuts in a row that did not help so far. */
  private cutsInRow = 0
  private holdUntil = 0
  private holdMs = HOLD_MS
  /** The last cut: the rate that drew its 429, and when. */
  private lastCut?: { limit: number; at: number }

  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now
  ) {
    this.rate = max
  }

  /** A response that was not a 429 to a request sent in `generation`. */
  onAccepted(generation = this.generation): void {
    const now = this.now()
    this.accepted.push(Math.max(this.accepted.at(-1) ?? 0, this.sendingTime(now)))
    this.trim(now)
    if (generation === this.generation) this.acceptedThisGeneration++
    if (now < this.holdUntil) return // back at the configured rate on purpose: stay there
    const limit = this.recentCut(now)?.limit
    const nearLimit =
      limit !== undefined && this.rate >= limit * NEAR_LIMIT && this.rate < limit * BEYOND_LIMIT
    const perSecond = nearLimit ? this.rate * GROWTH_NEAR_LIMIT : Math.max(1, this.rate * GROWTH)
    // Spread over the requests of one second at this rate.
    this.rate = Math.min(this.max, this.rate + perSecond / this.rate)
  }

  /** A 429 to a request sent in `generation`; the host is paused `pauseMs` (its Retry-After). */
  onThrottled(pauseMs = 0, generation = this.generation): void {
    const now = this.now()
    this.pause(now, pauseMs)
    if (generation !== this.generation || now < this.holdUntil) return
    this.generation++
    const recent = this.recentCut(now) !== undefined
    const cutHelped = this.acceptedThisGeneration >= FEW_ACCEPTED
    this.acceptedThisGeneration = 0
    if (!recent || cutHelped) {
      this.cutsInRow = 0
      if (recent) this.holdMs = HOLD_MS // a quota-like 429: holds start short again
    } else if (++this.cutsInRow >= MAX_CUTS) {
      // 429s at every rate tried: they do not depend on it. Stop cutting for a while.
      this.rate = this.max
      this.cutsInRow = 0
      this.lastCut = undefined
      this.holdUntil = now + this.holdMs
      this.holdMs = Math.min(MAX_HOLD_MS, this.holdMs * 2)
      return
    }
    this.trim(now)
    const lastSecond = this.accepted.length - this.head
    const evidence = lastSecond >= MIN_EVIDENCE ? lastSecond : this.rate / 2
    const limit = this.rate
    this.rate = Math.max(MIN_RATE, CUT_TO * Math.min(limit, evidence))
    this.lastCut = { limit, at: now }
  }

  private recentCut(now: number) {
    return this.lastCut && now - this.lastCut.at <= FORGET_MS ? this.lastCut : undefined
  }

  private pause(now: number, pauseMs: number): void {
    const until = now + pauseMs
    if (until <= this.pausedUntil) return
    this.pausedMs += until - Math.max(now, this.pausedUntil)
    this.pausedUntil = until
  }

  /** Wall time minus the time paused up to `now`. */
  private sendingTime(now: number): number {
    return now - this.pausedMs + Math.max(0, this.pausedUntil - now)
  }

  private trim(now: number): void {
    const from = this.sendingTime(now) - WINDOW_MS
    while (this.head < this.accepted.length && this.accepted[this.head]! <= from) this.head++
    if (this.head > 1024 && this.head * 2 > this.accepted.length) {
      this.accepted = this.accepted.slice(this.head)
      this.head = 0
    }
  }
}
