// One registry host's HTTP API as used by the Store methods: builds `https://host/v2/...` URLs,
// sends through the transport stack, and turns failures into RegistryErrors.
import { RegistryError, hintFor } from './errors.js'
import type { HostConfig } from './host-config.js'
import { errorFromResponse } from './response-error.js'
import { TransportError } from './transport/base.js'
import type { Send, SendRequest, SendResponse } from './transport/types.js'
import { withSignal } from './transport/with-signal.js'

export interface ApiRequest extends Omit<SendRequest, 'url'> {
  /** `/v2/...` on this host, or an absolute URL (upload Locations, Link pages). */
  path: string
}

export class RegistryApi {
  /** Where requests go: `host`, except Docker Hub's API endpoint for `docker.io`. */
  readonly endpoint: string

  constructor(
    readonly host: string,
    private readonly sendRaw: Send,
    readonly config: HostConfig
  ) {
    this.endpoint = apiEndpoint(host)
  }

  /** The same API with `signal` on every request. */
  withSignal(signal: AbortSignal): RegistryApi {
    return new RegistryApi(this.host, withSignal(this.sendRaw, signal), this.config)
  }

  url(path: string): string {
    // A plain `/v2/...` path (names, tags and digests are such text) is kept as it is by the URL
    // parser: joined without parsing, the same string (a visible share of a HEAD-bound plan).
    if (PLAIN_PATH.test(path))
      return (this.origin ??= new URL(`https://${this.endpoint}`).origin) + path
    return new URL(path, `https://${this.endpoint}`).toString()
  }

  private origin: string | undefined

  /** Send; transport failures become RegistryErrors, any HTTP status is returned. */
  async send(request: ApiRequest): Promise<SendResponse> {
    const url = this.url(request.path)
    try {
      return await this.sendRaw({ ...request, url })
    } catch (error) {
      throw this.transportError(request.method, url, error)
    }
  }

  /** Send and require one of `expected` statuses; anything else throws a RegistryError. */
  async expect(request: ApiRequest, expected: readonly number[]): Promise<SendResponse> {
    const response = await this.send(request)
    if (expected.includes(response.status)) return response
    throw await this.errorFrom(request, response)
  }

  async errorFrom(request: ApiRequest, response: SendResponse): Promise<RegistryError> {
    const error = await errorFromResponse(
      this.host,
      { ...request, url: this.url(request.path) },
      response
    )
    if (!response.attempts || response.attempts <= 1) return error
    return new RegistryError(
      error.code,
      `${stripPrefix(error)} (gave up after ${response.attempts} attempts)`,
      {
        registry: this.host,
        method: error.method,
        url: error.url,
        status: error.status,
        diagnostics: error.diagnostics,
        temporary: error.temporary,
        hint: error.hint
      }
    )
  }

  private transportError(method: string, url: string, error: unknown): unknown {
    if (!(error instanceof TransportError)) return error
    const code =
      error.kind === 'timeout'
        ? 'TIMEOUT'
        : error.kind === 'too-large'
          ? 'MANIFEST_TOO_LARGE'
          : 'NETWORK'
    const attempts = error.attempts > 1 ? ` (gave up after ${error.attempts} attempts)` : ''
    const hint =
      error.kind === 'certificate'
        ? "pass the registry's CA certificate (PEM), or fix the server certificate"
        : error.kind === 'tls'
          ? 'the server does not speak TLS: list the host as insecure if it serves plain http'
          : hintFor(code)
    return new RegistryError(code, `${error.message}${attempts}`, {
      registry: this.host,
      method,
      url,
      hint,
      cause: error,
      temporary: !['tls', 'certificate', 'too-large'].includes(error.kind)
    })
  }
}

function stripPrefix(error: RegistryError): string {
  const prefix = `${error.method} ${error.url}: `
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message
}

/**
 * A path the URL parser leaves exactly as written: starts at `/v2/`, only unreserved characters
 * and `/ : @`, no `.` or `..` segment (no `%`, `?`, `#` or `\` either).
 */
const PLAIN_PATH = /^(?!.*\/\.\.?(?:\/|$))\/v2\/[A-Za-z0-9._~\-/:@]*$/

/** Docker Hub is named `docker.io` in references but served from `registry-1.docker.io`. */
export function apiEndpoint(host: string): string {
  return host === 'docker.io' ? 'registry-1.docker.io' : host
}
