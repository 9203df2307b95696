// Registry credentials: explicit per-host settings first, then Docker's config.json (`auths`,
// `credHelpers`, `credsStore`). Nothing here reads process.env: adapters pass paths in.
import type { Credential } from './credential.js'
import { DOCKER_HUB } from './ref.js'
import { readDockerConfig, type DockerConfig } from './credentials-docker-config.js'
import { runCredentialHelper, type HelperRunner } from './credentials-helper.js'
import { knownSecrets } from './registry/redact.js'

/** Credentials for one registry host. A `token` alone means "any user name, this password" (GHCR). */
export interface RegistryCredentials {
  username?: string
  password?: string
  token?: string
}

export type CredentialSource = (host: string) => Promise<Credential | undefined>

export interface CredentialSourceOptions {
  /** Per-host credentials from the caller (action inputs, CLI flags). Win over Docker's config. */
  explicit?: Record<string, RegistryCredentials>
  /** Path of a Docker config.json (the adapter resolves DOCKER_CONFIG). None: not read. */
  dockerConfigPath?: string
  /** Environment for credential helpers (PATH, HOME...), passed in by the adapter. */
  helperEnv?: Record<string, string | undefined>
  /** Runs `docker-credential-<name> get`; injected in tests. */
  runHelper?: HelperRunner
}

/** The user name GHCR and others accept with a token as password. */
export const TOKEN_USERNAME = 'x-access-token'

export function fromExplicit(entry: RegistryCredentials): Credential | undefined {
  if (entry.token) return { username: entry.username || TOKEN_USERNAME, password: entry.token }
  if (entry.username !== undefined && entry.password !== undefined)
    return { username: entry.username, password: entry.password }
  return undefined
}

/** Docker keys Docker Hub as its v1 index URL. */
export function dockerConfigKeys(host: string): string[] {
  return host === DOCKER_HUB
    ? ['https://index.docker.io/v1/', 'index.docker.io', DOCKER_HUB]
    : [host]
}

export function createCredentialSource(options: CredentialSourceOptions): CredentialSource {
  let config: Promise<DockerConfig | undefined> | undefined
  const cache = new Map<string, Promise<Credential | undefined>>()
  const runHelper = options.runHelper ?? runCredentialHelper

  for (const entry of Object.values(options.explicit ?? {}))
    knownSecrets.add(entry.token ?? entry.password, fromExplicit(entry)?.username)

  const lookup = async (host: string): Promise<Credential | undefined> => {
    const explicit = options.explicit?.[host]
    if (explicit) return fromExplicit(explicit)
    if (!options.dockerConfigPath) return undefined
    config ??= readDockerConfig(options.dockerConfigPath)
    const docker = await config
    if (!docker) return undefined
    const helper = dockerConfigKeys(host)
      .map((key) => docker.credHelpers[key])
      .find(Boolean)
    const stored = dockerConfigKeys(host)
      .map((key) => docker.auths[key])
      .find(Boolean)
    if (helper) return runHelper(helper, dockerConfigKeys(host)[0]!, options.helperEnv)
    if (stored) return stored
    if (docker.credsStore)
      return runHelper(docker.credsStore, dockerConfigKeys(host)[0]!, options.helperEnv)
    return undefined
  }

  // Whatever a source answers (config file, helper) is a secret from here on, in every output.
  const learned = async (host: string): Promise<Credential | undefined> => {
    const credential = await lookup(host)
    if (credential) {
      knownSecrets.add(credential.password, credential.username)
      knownSecrets.add(credential.identityToken)
    }
    return credential
  }

  return (host) => {
    let found = cache.get(host)
    if (!found) cache.set(host, (found = learned(host)))
    return found
  }
}
