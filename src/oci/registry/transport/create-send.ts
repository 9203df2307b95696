// The only place the transport stack is assembled. Inside out:
//   base -> withStats -> withLog -> withHostCutoff -> withHostLimit -> withRetry -> withUserAgent -> withScheme
// is shared by all hosts (one pool, one limiter per host, one stats recorder); each registry
// host then gets withAuth, withRedirect and withSignal on top (see README.md for why this order).
import type { CredentialSource } from '../../credentials.js'
import type { HostConfigLookup } from '../host-config.js'
import type { StatsRecorder } from '../stats.js'
import { withAuth } from './with-auth.js'
import { withHostCutoff } from './with-host-cutoff.js'
import { withHostLimit } from './with-host-limit.js'
import { withLog } from './with-log.js'
import { withRedirect } from './with-redirect.js'
import { withRetry } from './with-retry.js'
import { withScheme } from './with-scheme.js'
import { withSignal } from './with-signal.js'
import { withStats } from './with-stats.js'
import { withUserAgent } from './with-user-agent.js'
import type { Send } from './types.js'

export interface CreateSendOptions {
  base: Send
  hostConfig: HostConfigLookup
  stats: StatsRecorder
  credentials: CredentialSource
  userAgent?: string
  /** Hosts other than a registry's own that may receive its credentials as token realm. */
  tokenRealmHosts?: readonly string[]
  log?: (line: string) => void
  /** Injected in tests to skip real backoff waits. */
  sleep?: (ms: number) => Promise<void>
  /** The run's signal: every request (token requests too) is cancelled when it aborts. */
  signal?: AbortSignal
}

/** Returns a factory of per-registry Sends sharing one lower stack. */
export function createSend(
  options: CreateSendOptions
): (registry: string, credentialHost?: string) => Send {
  let shared = withStats(options.base, options.stats)
  shared = withLog(shared, options.log)
  shared = withHostCutoff(shared)
  shared = withHostLimit(shared, options.hostConfig, options.stats)
  shared = withRetry(shared, {
    hostConfig: options.hostConfig,
    stats: options.stats,
    sleep: options.sleep
  })
  shared = withUserAgent(shared, options.userAgent)
  shared = withScheme(shared, options.hostConfig)
  const lower = shared
  return (registry, credentialHost) =>
    withSignal(
      withRedirect(
        withAuth(lower, {
          registry,
          credentialHost,
          credentials: options.credentials,
          tokenSend: lower,
          tokenRealmHosts: options.tokenRealmHosts
        })
      ),
      options.signal
    )
}
