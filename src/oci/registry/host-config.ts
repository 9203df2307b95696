// Per-registry-host policy as data (like regclient's config.Host), with defaults in one place.

export interface HostConfig {
  /** Requests in flight to this host at once. Default 16. */
  concurrency: number
  /**
   * Sustained request rate to this host (adaptive on 429). Default by host: the safe rate of a
   * known quota'd service (KNOWN_HOST_RATES), else UNQUOTED_REQUESTS_PER_SECOND.
   */
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

/**
 * Known services with published request quotas, and a sustained rate safely under each. A 429
 * from them costs a Retry-After pause (often seconds), so starting under the quota is faster
 * than finding it.
 */
export const KNOWN_HOST_RATES: readonly {
  service: string
  host: RegExp
  requestsPerSecond: number
}[] = [
  // Artifact Registry and Container Registry: ~5,000 reads per minute per region (~83/s).
  { service: 'Artifact Registry', host: /\.pkg\.dev$/, requestsPerSecond: 80 },
  { service: 'Container Registry', host: /(^|\.)gcr\.io$/, requestsPerSecond: 80 },
  // Docker Hub's pull limits are per 6 hours; its API front answers 429 early on bursts.
  {
    service: 'Docker Hub',
    host: /^(docker\.io|registry-1\.docker\.io|index\.docker\.io)$/,
    requestsPerSecond: 25
  },
  { service: 'GitHub Container Registry', host: /^ghcr\.io$/, requestsPerSecond: 50 },
  { service: 'Quay', host: /^quay\.io$/, requestsPerSecond: 50 },
  {
    service: 'Amazon ECR',
    host: /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$|^public\.ecr\.aws$/,
    requestsPerSecond: 50
  },
  { service: 'Azure Container Registry', host: /\.azurecr\.io$/, requestsPerSecond: 50 }
]

/**
 * Hosts with no known quota (self-hosted registries, mirrors): concurrency, not a rate, bounds
 * them, and a 429 still cuts the rate (adaptive-rate.ts). 50/s made the limiter, not the
 * registry, the bottleneck of a promotion between two such hosts.
 */
export const UNQUOTED_REQUESTS_PER_SECOND = 10_000

/** The default rate for a host: its service's safe rate, or the unquoted one. */
export function defaultRequestsPerSecond(host: string): number {
  const name = host.replace(/:\d+$/, '').toLowerCase()
  return (
    KNOWN_HOST_RATES.find((k) => k.host.test(name))?.requestsPerSecond ??
    UNQUOTED_REQUESTS_PER_SECOND
  )
}

export const DEFAULT_HOST_CONFIG: Readonly<HostConfig> = Object.freeze({
  concurrency: 16,
  requestsPerSecond: UNQUOTED_REQUESTS_PER_SECOND,
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

/** Host settings over client defaults over the host's default rate over DEFAULT_HOST_CONFIG, validated. */
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
      const byHost = { requestsPerSecond: defaultRequestsPerSecond(host) }
      config = { ...DEFAULT_HOST_CONFIG, ...byHost, ...defined(defaults), ...defined(own) }
      if (insecureHosts.includes(host)) config.insecure = true
      validateHostConfig(host, config)
      cache.set(host, config)
    }
    return config
  }
}

/** Settings left undefined (an empty input) keep the default under them. */
function defined(settings: Partial<HostConfig> = {}): Partial<HostConfig> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined))
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
