// Request accounting, kept as plain counters per host and handed out as plain data
// (RegistryClient.stats()). Written by withStats, withRetry and withHostLimit.

export interface HostRequestStats {
  requests: number
  /** `HEAD 200`, `GET 404`, `PUT error` (no HTTP answer) -> count. */
  byMethodStatus: Record<string, number>
  bytesIn: number
  bytesOut: number
  retries: number
  /** Milliseconds spent waiting on concurrency slots, pacing, Retry-After and backoff. */
  waitedMs: number
}

export interface RequestStats {
  requests: number
  bytesIn: number
  bytesOut: number
  retries: number
  waitedMs: number
  byHost: Record<string, HostRequestStats>
}

export class StatsRecorder {
  private readonly hosts = new Map<string, HostRequestStats>()

  host(host: string): HostRequestStats {
    let entry = this.hosts.get(host)
    if (!entry) {
      entry = { requests: 0, byMethodStatus: {}, bytesIn: 0, bytesOut: 0, retries: 0, waitedMs: 0 }
      this.hosts.set(host, entry)
    }
    return entry
  }

  request(host: string, method: string, status: number | 'error'): void {
    const entry = this.host(host)
    entry.requests++
    const key = `${method} ${status}`
    entry.byMethodStatus[key] = (entry.byMethodStatus[key] ?? 0) + 1
  }

  /** A deep copy: callers may keep it while the run goes on. */
  snapshot(): RequestStats {
    const byHost: Record<string, HostRequestStats> = {}
    const total = { requests: 0, bytesIn: 0, bytesOut: 0, retries: 0, waitedMs: 0 }
    for (const [host, entry] of this.hosts) {
      byHost[host] = { ...entry, byMethodStatus: { ...entry.byMethodStatus } }
      total.requests += entry.requests
      total.bytesIn += entry.bytesIn
      total.bytesOut += entry.bytesOut
      total.retries += entry.retries
      total.waitedMs += entry.waitedMs
    }
    return { ...total, waitedMs: Math.round(total.waitedMs), byHost }
  }
}
