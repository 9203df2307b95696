// Which request gets which fault: a deterministic "fail the first N matching" rule, seeded
// per-fault probabilities, an optional delay range, and a requests-per-second quota.
import { mulberry32 } from './prng.js'

export type FaultKind =
  'tooManyRequests' | 'unavailable' | 'serverError' | 'reset' | 'truncate' | 'delay' | 'stall'

/** Probabilities in [0, 1] per request (summed, so keep the total <= 1), and a delay range. */
export interface FaultRates {
  tooManyRequests?: number
  unavailable?: number
  serverError?: number
  reset?: number
  truncate?: number
  /** Every forwarded request waits a seeded-random time in [min, max] ms. */
  delayMs?: [number, number]
}

export interface FailFirst {
  count: number
  fault: FaultKind
  /** Tested against `"METHOD /path?query"`; default: every request. */
  match?: RegExp
}

export interface FaultProxyStats {
  requests: number
  tooManyRequests: number
  unavailable: number
  serverError: number
  reset: number
  truncate: number
  /** Bodies stopped half-way with the connection held open ('stall', failFirst only). */
  stall: number
  /** Stalled connections the client closed (what a cancelled client does). */
  stallClosed: number
  delayed: number
  /** Forwarded to the registry without an error fault (delayed ones included). */
  passed: number
  /** 429s from the quota (also counted in tooManyRequests). */
  quotaExceeded: number
}

export function emptyStats(): FaultProxyStats {
  return {
    requests: 0,
    tooManyRequests: 0,
    unavailable: 0,
    serverError: 0,
    reset: 0,
    truncate: 0,
    stall: 0,
    stallClosed: 0,
    delayed: 0,
    passed: 0,
    quotaExceeded: 0
  }
}

const RATED: Exclude<FaultKind, 'delay' | 'stall'>[] = [
  'tooManyRequests',
  'unavailable',
  'serverError',
  'reset',
  'truncate'
]

export class FaultPolicy {
  rates: FaultRates
  failFirst: FailFirst | undefined
  quotaPerSecond: number | undefined
  private remaining: number
  private readonly random: () => number
  private window = { second: -1, count: 0 }

  constructor(rates: FaultRates = {}, failFirst?: FailFirst, seed = 42, quotaPerSecond?: number) {
    this.rates = rates
    this.failFirst = failFirst
    this.remaining = failFirst?.count ?? 0
    this.random = mulberry32(seed)
    this.quotaPerSecond = quotaPerSecond
  }

  setFailFirst(failFirst: FailFirst | undefined): void {
    this.failFirst = failFirst
    this.remaining = failFirst?.count ?? 0
  }

  /** True when this request is over the per-second quota. */
  overQuota(now = Date.now()): boolean {
    if (this.quotaPerSecond === undefined) return false
    const second = Math.floor(now / 1000)
    if (second !== this.window.second) this.window = { second, count: 0 }
    if (this.window.count >= this.quotaPerSecond) return true
    this.window.count++
    return false
  }

  /** The fault for a request line `"METHOD /path?query"`, or undefined to pass it. */
  decide(line: string): FaultKind | undefined {
    const rule = this.failFirst
    if (rule && this.remaining > 0 && (!rule.match || rule.match.test(line))) {
      this.remaining--
      return rule.fault
    }
    const roll = this.random()
    let threshold = 0
    for (const kind of RATED) {
      threshold += this.rates[kind] ?? 0
      if (roll < threshold) return kind
    }
    return undefined
  }

  /** Delay for a forwarded request, from `rates.delayMs`; 0 when none. */
  delayMs(): number {
    const range = this.rates.delayMs
    if (!range) return 0
    const [min, max] = range
    return Math.round(min + this.random() * (max - min))
  }
}
