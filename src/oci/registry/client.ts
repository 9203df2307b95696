// RegistryClient: the per-run HTTP client. Owns the connection pool, the transport stack, the
// credentials and the request accounting, and hands out one cached Store per host (wrapped by
// read-only.ts when the client is read-only).
import { createCredentialSource, type RegistryCredentials } from '../credentials.js'
import { readOnlyStore } from '../read-only.js'
import type { Store } from '../store.js'
import { RegistryApi, apiEndpoint } from './api.js'
import { createHostConfigLookup, type HostConfig } from './host-config.js'
import { StatsRecorder, type RequestStats } from './stats.js'
import { RegistryStore } from './store.js'
import { createBaseSend } from './transport/base.js'
import { createSend } from './transport/create-send.js'
import type { Send } from './transport/types.js'

export interface RegistryClientOptions {
  /** Per-host credentials (`{ token }` alone: any user name, the token as password, as GHCR wants). */
  credentials?: Record<string, RegistryCredentials>
  /** Docker config.json to read credentials from (explicit credentials win). Default: none. */
  dockerConfigPath?: string
  /** Environment for `docker-credential-*` helpers (PATH, HOME), passed in by the adapter. */
  credentialHelperEnv?: Record<string, string | undefined>
  /** Per-host overrides of the defaults. */
  hosts?: Record<string, Partial<HostConfig>>
  /** Defaults for every host, over DEFAULT_HOST_CONFIG. */
  defaults?: Partial<HostConfig>
  /** Extra CA certificates (PEM) trusted for https, in addition to Node's roots. */
  caPem?: string
  /** Hosts that may be spoken to over plain http (loopback hosts always may). */
  insecureHosts?: string[]
  /** Token realm hosts, other than a registry's own, allowed to receive its credentials. */
  tokenRealmHosts?: string[]
  /** Default `image-promoter/<version> node/<version>`. */
  userAgent?: string
  /** One redacted line per request; nothing is logged when absent. */
  log?: (line: string) => void
  /** Hand out only read-only stores: every write throws READ_ONLY before any request (read-only.ts). */
  readOnly?: boolean
  /** Replaces the node:http(s) base transport (tests script responses through it). */
  baseSend?: Send
  /** Replaces backoff sleeps (tests). */
  sleep?: (ms: number) => Promise<void>
  /** The run's signal: when it aborts, every request stops and its socket is closed. */
  signal?: AbortSignal
}

export class RegistryClient {
  private readonly stores = new Map<string, Store>()
  private readonly recorder = new StatsRecorder()
  private readonly sendFor: (registry: string, credentialHost: string) => Send
  private readonly closeBase: () => void
  private readonly hostConfig
  private readonly readOnly: boolean

  constructor(options: RegistryClientOptions = {}) {
    this.hostConfig = createHostConfigLookup(options.defaults, options.hosts, options.insecureHosts)
    const base = options.baseSend
      ? { send: options.baseSend, close: () => undefined }
      : createBaseSend({
          caPem: options.caPem,
          timeoutMs: options.defaults?.timeoutMs,
          headerTimeoutMs: options.defaults?.headerTimeoutMs,
          bodyTimeoutMs: options.defaults?.bodyTimeoutMs
        })
    this.closeBase = base.close
    this.readOnly = options.readOnly ?? false
    this.sendFor = createSend({
      base: base.send,
      hostConfig: this.hostConfig,
      stats: this.recorder,
      credentials: createCredentialSource({
        explicit: options.credentials,
        dockerConfigPath: options.dockerConfigPath,
        helperEnv: options.credentialHelperEnv
      }),
      userAgent: options.userAgent,
      tokenRealmHosts: options.tokenRealmHosts,
      log: options.log,
      sleep: options.sleep,
      signal: options.signal
    })
  }

  /** The Store for one registry host (`host[:port]`); the same instance for the same host. */
  store(host: string): Store {
    let store = this.stores.get(host)
    if (!store) {
      const endpoint = apiEndpoint(host)
      const api = new RegistryApi(host, this.sendFor(endpoint, host), this.hostConfig(endpoint))
      const registry = new RegistryStore(api)
      store = this.readOnly ? readOnlyStore(registry) : registry
      this.stores.set(host, store)
    }
    return store
  }

  /** Request accounting so far, as plain data. */
  stats(): RequestStats {
    return this.recorder.snapshot()
  }

  /** Close pooled connections; the client must not be used afterwards. */
  async close(): Promise<void> {
    this.closeBase()
  }
}
