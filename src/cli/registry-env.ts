// Registry client settings the CLI takes from the environment the way the docker CLI does:
// $DOCKER_CONFIG (else ~/.docker)/config.json, credential helpers on PATH.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RegistryClientOptions } from '../oci/registry/index.js'
import type { CliIo } from './io.js'

export function dockerConfigPath(env: CliIo['env']): string | undefined {
  const dir = env.DOCKER_CONFIG ?? (env.HOME ? join(env.HOME, '.docker') : undefined)
  const path = dir && join(dir, 'config.json')
  return path && existsSync(path) ? path : undefined
}

export function registryOptionsFromEnv(
  io: CliIo,
  flags: {
    insecureHosts?: string[]
    caPem?: string
    tokenRealmHosts?: string[]
  }
): Omit<RegistryClientOptions, 'readOnly'> {
  return {
    dockerConfigPath: dockerConfigPath(io.env),
    credentialHelperEnv: { PATH: io.env.PATH, HOME: io.env.HOME },
    insecureHosts: flags.insecureHosts,
    caPem: flags.caPem,
    tokenRealmHosts: flags.tokenRealmHosts
  }
}
