// Authenticates requests to one registry host: learns the scheme from the first 401 challenge,
// sends Basic credentials or a bearer token for the request's merged scopes, and retries once
// on 401 with a fresh token. Authorization goes only to the registry host itself.
import { parseChallenges, type AuthChallenge } from '../auth/challenge.js'
import { mergeScopes } from '../auth/scopes.js'
import { TokenSource, basicAuthorization, type BearerRealm } from '../auth/token-source.js'
import type { Credential } from '../../credential.js'
import type { CredentialSource } from '../../credentials.js'
import { discard, headerValues, isReplayable, type Send, type SendRequest } from './types.js'
import { hostOf } from './url-host.js'

export interface AuthOptions {
  /** The registry host (host[:port]) this wrapper authenticates to. */
  registry: string
  /** The name credentials are stored under, when it differs (`docker.io` for Docker Hub). */
  credentialHost?: string
  credentials: CredentialSource
  /** Sends token requests (no auth wrapper). */
  tokenSend: Send
  /** Hosts other than the registry's own that may receive its credentials as token realm. */
  tokenRealmHosts?: readonly string[]
}

type Scheme = { kind: 'none' } | { kind: 'basic' } | ({ kind: 'bearer' } & BearerRealm)

export function withAuth(inner: Send, options: AuthOptions): Send {
  const tokens = new TokenSource(
    options.registry,
    options.tokenSend,
    Date.now,
    options.tokenRealmHosts
  )
  let scheme: Scheme = { kind: 'none' }

  const authorize = async (
    request: SendRequest,
    scopes: readonly (readonly string[] | undefined)[],
    fresh: boolean
  ): Promise<SendRequest> => {
    const credential = await options.credentials(options.credentialHost ?? options.registry)
    const header = await authorization(scheme, tokens, scopes, credential, fresh, request.signal)
    return header ? { ...request, headers: { ...request.headers, authorization: header } } : request
  }

  return async (request) => {
    if (request.noAuth || hostOf(request.url) !== options.registry) return inner(request)
    const response = await inner(await authorize(request, [request.scopes], false))
    if (response.status !== 401 || !isReplayable(request)) return response
    const challenge = pickChallenge(parseChallenges(headerValues(response, 'www-authenticate')))
    if (!challenge) return response
    const learned = toScheme(challenge)
    if (
      learned.kind === 'basic' &&
      !(await options.credentials(options.credentialHost ?? options.registry))
    )
      return response
    discard(response)
    scheme = learned
    const scopes = [request.scopes, challenge.params.scope ? [challenge.params.scope] : []]
    return inner(await authorize(request, scopes, true))
  }
}

function pickChallenge(challenges: AuthChallenge[]): AuthChallenge | undefined {
  return (
    challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ??
    challenges.find((c) => c.scheme === 'basic')
  )
}

function toScheme(challenge: AuthChallenge): Scheme {
  if (challenge.scheme === 'basic') return { kind: 'basic' }
  return { kind: 'bearer', realm: challenge.params.realm!, service: challenge.params.service }
}

async function authorization(
  scheme: Scheme,
  tokens: TokenSource,
  /** Merged only for a bearer token: most registries answer anonymous reads without one. */
  scopeLists: readonly (readonly string[] | undefined)[],
  credential: Credential | undefined,
  fresh: boolean,
  signal: AbortSignal | undefined
): Promise<string | undefined> {
  switch (scheme.kind) {
    case 'none':
      return undefined
    case 'basic':
      return credential ? basicAuthorization(credential) : undefined
    case 'bearer': {
      const scopes = mergeScopes(...scopeLists)
      const cached = fresh ? undefined : tokens.cached(scopes)
      return `Bearer ${cached ?? (await tokens.fetch(scheme, scopes, credential, signal))}`
    }
  }
}
