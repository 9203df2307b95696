// Fetches bearer tokens from a challenge's realm (distribution token spec; OAuth2 refresh-token
// grant for identity tokens) and caches them per (host, scopes) until shortly before expiry.
import { abortable } from '../../../cancel.js'
import { InFlight } from '../../../concurrency/index.js'
import { RegistryError, hintFor } from '../errors.js'
import { errorFromResponse } from '../response-error.js'
import type { Credential } from '../../credential.js'
import { headerValue, type Send } from '../transport/types.js'
import { knownSecrets } from '../redact.js'
import { checkRealm, type RealmHosts } from './realm-policy.js'
import { coversScopes } from './scopes.js'

const DEFAULT_EXPIRES_S = 60
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024

interface CachedToken {
  scopes: string[]
  token: string
  expiresAt: number
}

export interface BearerRealm {
  realm: string
  service?: string
}

export class TokenSource {
  private readonly tokens = new Map<string, CachedToken>()
  private readonly inFlight = new InFlight<string>()

  constructor(
    private readonly registry: string,
    private readonly send: Send,
    private readonly now: () => number = Date.now,
    /** Other hosts this registry's credentials may be sent to as a token realm. */
    private readonly realmHosts: RealmHosts = []
  ) {}

  /** A cached token covering `scopes` (exact key first, then any wider one), if still valid. */
  cached(scopes: string[]): string | undefined {
    const now = this.now()
    const exact = this.tokens.get(scopes.join(' '))
    if (exact && exact.expiresAt > now) return exact.token
    for (const entry of this.tokens.values())
      if (entry.expiresAt > now && coversScopes(entry.scopes, scopes)) return entry.token
    return undefined
  }

  /**
   * A fresh token (concurrent callers for the same scopes share one request). The request carries
   * the first caller's `signal`; each caller stops waiting when its own aborts.
   */
  fetch(
    realm: BearerRealm,
    scopes: string[],
    credential: Credential | undefined,
    signal?: AbortSignal
  ): Promise<string> {
    const pending = this.inFlight.run(scopes.join(' '), () =>
      this.request(realm, scopes, credential, signal)
    )
    return abortable(pending, signal)
  }

  private async request(
    realm: BearerRealm,
    scopes: string[],
    credential: Credential | undefined,
    signal: AbortSignal | undefined
  ): Promise<string> {
    // Anonymous token requests carry nothing secret: any realm may answer them.
    const url = credential
      ? checkRealm(this.registry, realm.realm, this.realmHosts)
      : new URL(realm.realm)
    const form = new URLSearchParams()
    if (realm.service) form.set('service', realm.service)
    for (const scope of scopes) form.append('scope', scope)
    const refresh = credential?.identityToken
    let response
    if (refresh) {
      form.set('grant_type', 'refresh_token')
      form.set('refresh_token', refresh)
      form.set('client_id', 'image-promoter')
      const body = Buffer.from(form.toString())
      response = await this.send({
        method: 'POST',
        url: url.toString(),
        body,
        buffer: true,
        maxBytes: MAX_TOKEN_RESPONSE_BYTES,
        noAuth: true,
        signal,
        headers: { 'content-type': 'application/x-www-form-urlencoded' }
      })
    } else {
      for (const [key, value] of form) url.searchParams.append(key, value)
      const headers: Record<string, string> = {}
      if (credential) headers.authorization = basicAuthorization(credential)
      response = await this.send({
        method: 'GET',
        url: url.toString(),
        headers,
        buffer: true,
        maxBytes: MAX_TOKEN_RESPONSE_BYTES,
        noAuth: true,
        signal
      })
    }
    if (response.status !== 200) {
      const error = await errorFromResponse(
        new URL(realm.realm).host,
        { method: refresh ? 'POST' : 'GET', url: url.toString() },
        response
      )
      const code =
        error.code === 'NOT_FOUND' || error.code === 'INVALID_REQUEST' ? 'UNAUTHORIZED' : error.code
      throw new RegistryError(
        code,
        `token server for ${this.registry} refused ${credential ? 'the credentials' : 'anonymous access'} (${response.status})`,
        {
          registry: this.registry,
          status: response.status,
          diagnostics: error.diagnostics,
          temporary: error.temporary,
          hint: hintFor(code)
        }
      )
    }
    return this.remember(scopes, response.bytes!, headerValue(response, 'date'))
  }

  private remember(scopes: string[], bytes: Buffer, _date: string | undefined): string {
    let parsed: {
      token?: string
      access_token?: string
      refresh_token?: string
      expires_in?: number
    }
    try {
      parsed = JSON.parse(bytes.toString('utf8'))
    } catch {
      throw new RegistryError(
        'INVALID_RESPONSE',
        'token server answered with something that is not JSON',
        { registry: this.registry }
      )
    }
    const token = parsed.token || parsed.access_token
    if (!token)
      throw new RegistryError('INVALID_RESPONSE', 'token server answer has no "token"', {
        registry: this.registry
      })
    knownSecrets.add(parsed.token)
    knownSecrets.add(parsed.access_token)
    if (parsed.refresh_token) knownSecrets.add(parsed.refresh_token)
    const lifetimeMs =
      (parsed.expires_in && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_EXPIRES_S) * 1000
    // Renew a little early so a token does not expire between cache hit and use.
    this.tokens.set(scopes.join(' '), { scopes, token, expiresAt: this.now() + lifetimeMs * 0.9 })
    return token
  }
}

export function basicAuthorization(credential: Credential): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`
}
