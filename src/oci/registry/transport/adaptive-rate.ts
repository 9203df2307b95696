// The request rate a host gets, adapted to its 429s. Registries answer 429 for two reasons that
// need different reactions:
// - a quota (N requests per second): only a rate under N stops the 429s, so a 429 cuts the rate
//   to just under what the host accepted in the last second of sending; the rate then grows back,
//   slowly near the rate that drew the 429 (each probe past the limit costs a Retry-After pause);
// - rejections that do not depend on the rate (a flaky front end, another client's load): cutting
//   does not stop them, and cutting again and again would make the run crawl.
// They are told apart by evidence: when 429s keep coming at the rates cuts just set (MAX_CUTS cuts
// in a row, each 429 arriving before the rate climbed back to the one that drew the previous),
// the cuts are undone and for HOLD_MS the rate stays there; 429s then only pause the host
// (Retry-After, in HostLimiter). One decision per congestion event: the 429s of requests that
// were already in flight belong to the same event.

const MIN_RATE = 1
/** Share of the last second's accepted requests the rate is cut to. */
const CUT_TO = 0.9
/** Growth per second: this share of the rate, at least 1 request per second. */
const GROWTH = 0.1
/** Growth per second near the rate that last drew a 429 (NEAR_LIMIT of it, up to BEYOND_LIMIT). */
const GROWTH_NEAR_LIMIT = 0.01
const NEAR_LIMIT = 0.85
const BEYOND_LIMIT = 1.2
/** A 429 at this share of the rate that drew the previous one (or more) is fresh evidence. */
const CLIMBED_BACK = 0.95
const MAX_CUTS = 3
const HOLD_MS = 10_000
const WINDOW_MS = 1000
/** After this long without a 429, earlier cuts say nothing about the next one. */
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
  private decideAfter = 0
  private holdUntil = 0
  /** The cuts in a row so far: the rate that drew each one's 429, and when. */
  private cuts: { from: number; at: number }[] = []
  /** The rate that drew the last cut, while it is recent. */
  private limit?: { rate: number; at: number }

  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now
  ) {
    this.rate = max
  }

  /** A response that was not a 429: the host accepted the request. */
  onAccepted(): void {
    const now = this.now()
    this.accepted.push(Math.max(this.accepted.at(-1) ?? 0, this.sendingTime(now)))
    this.trim(now)
    if (now < this.holdUntil) return // restored to a rate known to be no worse: stay there
    if (this.limit && now - this.limit.at > FORGET_MS) this.limit = undefined
    const nearLimit =
      this.limit !== undefined &&
      this.rate >= this.limit.rate * NEAR_LIMIT &&
      this.rate < this.limit.rate * BEYOND_LIMIT
    const perSecond = nearLimit ? this.rate * GROWTH_NEAR_LIMIT : Math.max(1, this.rate * GROWTH)
    // Spread over the requests of one second at this rate.
    this.rate = Math.min(this.max, this.rate + perSecond / this.rate)
  }

  /** A 429, for which the host is paused `pauseMs` (its Retry-After). */
  onThrottled(pauseMs = 0): void {
    const now = this.now()
    this.pause(now, pauseMs)
    if (now < this.decideAfter || now < this.holdUntil) return
    this.decideAfter = now + Math.max(WINDOW_MS, pauseMs)
    const last = this.cuts.at(-1)
    if (last && (this.rate >= last.from * CLIMBED_BACK || now - last.at > FORGET_MS)) this.cuts = []
    if (this.cuts.length >= MAX_CUTS) {
      // 429s at every rate tried: they do not depend on it. Undo the cuts, stop cutting a while.
      this.rate = this.cuts[0]!.from
      this.cuts = []
      this.limit = undefined
      this.holdUntil = now + HOLD_MS
      return
    }
    this.trim(now)
    const lastSecond = this.accepted.length - this.head
    this.cuts.push({ from: this.rate, at: now })
    this.limit = { rate: this.rate, at: now }
    this.rate = Math.max(MIN_RATE, CUT_TO * Math.min(this.rate, lastSecond))
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
