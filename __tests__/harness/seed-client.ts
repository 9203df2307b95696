// The seeder's own minimal distribution client: Basic and Bearer auth (token per repository,
// realm learned from the first challenge), POST+PUT monolithic blob upload, manifest PUT.
// Deliberately independent of src/oci/registry, which the tests built on this harness exercise.
import { HarnessError } from './harness-error.js'
import { headerValue, httpRequest, type HarnessResponse } from './http.js'

/** Anything with a registry URL and credentials: a TestRegistry, or a FaultProxy plus creds. */
export interface RegistryTarget {
  url: string
  username?: string
  password?: string
  caPem?: string
}

interface BearerChallenge {
  realm: string
  service?: string
  scope?: string
}

export function parseBearerChallenge(header: string | undefined): BearerChallenge | undefined {
  if (!header || !/^bearer /i.test(header)) return undefined
  const params: Record<string, string> = {}
  for (const match of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params[match[1]] = match[2]
  return params.realm
    ? { realm: params.realm, service: params.service, scope: params.scope }
    : undefined
}

export class SeedClient {
  private challenge: BearerChallenge | undefined
  private pinged: Promise<void> | undefined
  private readonly tokens = new Map<string, Promise<string>>()

  constructor(readonly target: RegistryTarget) {}

  private basic(): string | undefined {
    const { username, password } = this.target
    if (username === undefined) return undefined
    return `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`
  }

  private token(scope: string): Promise<string> {
    let token = this.tokens.get(scope)
    if (!token) {
      token = this.fetchToken(scope)
      token.catch(() => this.tokens.delete(scope))
      this.tokens.set(scope, token)
    }
    return token
  }

  private async fetchToken(scope: string): Promise<string> {
    const { realm, service } = this.challenge!
    const url = new URL(realm)
    if (service) url.searchParams.set('service', service)
    for (const s of scope.split(' ')) url.searchParams.append('scope', s)
    const basic = this.basic()
    const res = await httpRequest(url.toString(), {
      headers: basic ? { Authorization: basic } : {},
      ca: this.target.caPem
    })
    if (res.status !== 200) {
      throw new HarnessError(
        'HARNESS_REQUEST_FAILED',
        `token request for "${scope}" answered ${res.status}`,
        {
          hint: 'check the username and password given to the seeder'
        }
      )
    }
    const body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string }
    return body.token ?? body.access_token ?? ''
  }

  private async authorization(
    repo: string | undefined,
    fallbackScope?: string
  ): Promise<string | undefined> {
    if (!this.challenge) return this.basic()
    const scope = repo ? `repository:${repo}:pull,push` : fallbackScope
    return scope ? `Bearer ${await this.token(scope)}` : this.basic()
  }

  /** Learn the auth challenge once with GET /v2/, so concurrent first requests do not all 401. */
  private ping(): Promise<void> {
    this.pinged ??= httpRequest(new URL('/v2/', this.target.url).toString(), {
      ca: this.target.caPem
    }).then((res) => {
      this.challenge ??= parseBearerChallenge(headerValue(res, 'www-authenticate'))
    })
    return this.pinged
  }

  /** One request against the registry; `repo` scopes the Bearer token. Retries once on 401. */
  async request(
    method: string,
    pathOrUrl: string,
    options: { repo?: string; headers?: Record<string, string>; body?: Uint8Array } = {}
  ): Promise<HarnessResponse> {
    const url = new URL(pathOrUrl, this.target.url).toString()
    const send = async (auth: string | undefined) =>
      httpRequest(url, {
        method,
        body: options.body,
        ca: this.target.caPem,
        headers: { ...options.headers, ...(auth ? { Authorization: auth } : {}) }
      })
    await this.ping()
    const res = await send(await this.authorization(options.repo))
    if (res.status !== 401) return res
    const challenge = parseBearerChallenge(headerValue(res, 'www-authenticate'))
    if (!challenge) return res
    this.challenge = challenge
    return send(await this.authorization(options.repo, challenge.scope))
  }

  /** Fail with the response when its status is not `expected`. */
  static expect(res: HarnessResponse, expected: number, what: string): HarnessResponse {
    if (res.status === expected) return res
    throw new HarnessError(
      'HARNESS_REQUEST_FAILED',
      `${what}: expected HTTP ${expected}, got ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`,
      { hint: 'see the registry log in the TestRegistry dataDir' }
    )
  }
}
