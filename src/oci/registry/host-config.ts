// Per-registry-host policy as data (like regclient's config.Host), with defaults in one place.

export interface HostConfig {
  /** Requests in flight to this host at once. Default 16. */
  concurrency: number
  /** Sustained request rate to this host. Default 50/s (Artifact Registry allows ~80/s per region). */
  requestsPerSecond: number
  /** Attempts per request, first included. Default 5. */
  maxAttempts: number
  /** Give up retrying once this much time has passed since the first attempt. Default 60 s. */
  retryBudgetMs: number
  /** First backoff; doubles per attempt, with full jitter. Default 250 ms. */
  backoffBaseMs: number
  /** Largest single backoff. Default 10 s. */
  backoffMaxMs: number
  /** Largest `Retry-After` honoured; longer asks are capped. Default 30 s. */
  maxRetryAfterMs: number
  /** Idle timeout per request (no bytes for this long fails it). Default 60 s. */
  timeoutMs: number
  /** Response headers must arrive this long after the request is sent. Default 30 s. */
  headerTimeoutMs: number
  /** A buffered body (manifest, tag list, token) must be complete this long after its headers. Default 60 s. */
  bodyTimeoutMs: number
  /** `n` for tag and catalog pages. Default 1000 (the largest ECR accepts). */
  pageSize: number
  /** Upload in PATCH chunks of this many bytes when a blob is larger; 0 = one PUT. Default 0. */
  chunkSize: number
  /** Allow plain HTTP for this host (loopback hosts always may). Default false. */
  insecure: boolean
}

export const DEFAULT_HOST_CONFIG: Readonly<HostConfig> = Object.freeze({
  concurrency: 16,
  requestsPerSecond: 50,
  maxAttempts: 5,
  retryBudgetMs: 60_000,
  backoffBaseMs: 250,
  backoffMaxMs: 10_000,
  maxRetryAfterMs: 30_000,
  timeoutMs: 60_000,
  headerTimeoutMs: 30_000,
  bodyTimeoutMs: 60_000,
  pageSize: 1000,
  chunkSize: 0,
  insecure: false
})

export type HostConfigLookup = (host: string) => HostConfig

/** Host settings over client defaults over DEFAULT_HOST_CONFIG, validated. */
export function createHostConfigLookup(
  defaults: Partial<HostConfig> = {},
  hosts: Record<string, Partial<HostConfig>> = {},
  insecureHosts: readonly string[] = []
): HostConfigLookup {
  const cache = new Map<string, HostConfig>()
  return (host) => {
    let config = cache.get(host)
    if (!config) {
      // Docker Hub's API host takes the settings written for `docker.io`.
      const own = hosts[host] ?? (host === 'registry-1.docker.io' ? hosts['docker.io'] : undefined)
      config = { ...DEFAULT_HOST_CONFIG, ...defaults, ...own }
      if (insecureHosts.includes(host)) config.insecure = true
      validateHostConfig(host, config)
      cache.set(host, config)
    }
    return config
  }
}

function validateHostConfig(host: string, config: HostConfig): void {
  for (const key of ['concurrency', 'requestsPerSecond', 'maxAttempts', 'pageSize'] as const) {
    if (!(config[key] >= 1))
      throw new RangeError(`host setting ${key} for ${host} must be at least 1, got ${config[key]}`)
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/

/** Plain HTTP is allowed only for loopback hosts and hosts configured insecure. */
export function allowsPlainHttp(host: string, config: HostConfig): boolean {
  return config.insecure || LOOPBACK.test(host)
}
