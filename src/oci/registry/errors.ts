// RegistryError: what went wrong talking to a registry, with the HTTP status, the spec error
// codes, the method and redacted URL, and a `temporary` verdict the retry wrapper trusts.
import { PromoterError } from '../../errors.js'
import { redactText, redactUrl } from './redact.js'

export type RegistryErrorCode =
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'TOO_MANY_REQUESTS'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'DIGEST_MISMATCH'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'MANIFEST_TOO_LARGE'
  | 'INVALID_REQUEST'
  | 'INVALID_RESPONSE'
  | 'INSECURE_HOST'
  | 'REALM_REFUSED'
  | 'HTTP_ERROR'

/** One entry of a distribution-spec error body: `{"errors":[{"code","message","detail"}]}`. */
export interface RegistryDiagnostic {
  code: string
  message?: string
}

export interface RegistryErrorDetails {
  registry: string
  method?: string
  url?: string
  status?: number
  diagnostics?: RegistryDiagnostic[]
  temporary?: boolean
  hint?: string
  image?: string
  cause?: unknown
}

export class RegistryError extends PromoterError<RegistryErrorCode> {
  readonly status?: number
  readonly diagnostics: RegistryDiagnostic[]
  readonly method?: string
  /** Always redacted (no query values, no user info). */
  readonly url?: string
  /** True when trying again later may succeed (429, 5xx, timeouts, resets). */
  readonly temporary: boolean

  constructor(code: RegistryErrorCode, message: string, details: RegistryErrorDetails) {
    const url = details.url === undefined ? undefined : redactUrl(details.url)
    const where = details.method && url ? `${details.method} ${url}: ` : `${details.registry}: `
    super(code, redactText(`${where}${message}`), {
      registry: details.registry,
      hint: details.hint,
      image: details.image,
      cause: details.cause
    })
    this.status = details.status
    // A registry's own words may echo what it was sent: they are redacted like the message.
    this.diagnostics = (details.diagnostics ?? []).map((d) =>
      d.message === undefined ? d : { ...d, message: redactText(d.message) }
    )
    this.method = details.method
    this.url = url
    this.temporary = details.temporary ?? TEMPORARY_CODES.has(code)
  }
}

const TEMPORARY_CODES = new Set<RegistryErrorCode>([
  'TOO_MANY_REQUESTS',
  'UNAVAILABLE',
  'TIMEOUT',
  'NETWORK'
])

/** Statuses worth retrying: request timeout, rate limit, server errors (incl. nginx 499, Cloudflare 522). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  408, 429, 499, 500, 502, 503, 504, 522
])

const HINTS: Partial<Record<RegistryErrorCode, string>> = {
  UNAUTHORIZED:
    'check the credentials for this registry (docker login, or the registry credentials input)',
  DENIED:
    'the credentials are valid but lack permission: grant pull (and push for destinations) on the repository',
  TOO_MANY_REQUESTS:
    'the registry is rate limiting; lower the per-host concurrency or requests per second',
  UNAVAILABLE: 'the registry is failing; re-run later: finished work is kept',
  TIMEOUT:
    'the registry did not answer in time; re-run later, or raise header-timeout / body-timeout',
  NETWORK: 'the connection failed; check the registry host name and network, then re-run'
}

export function hintFor(code: RegistryErrorCode): string | undefined {
  return HINTS[code]
}
