// How the commands that read registries (run, plan) reach them: plain http, a CA, and pacing.
import type { ParseArgsOptionsConfig } from 'node:util'
import type { RegistryClientOptions } from '../oci/registry/index.js'
import { readText, whole } from './flag-values.js'
import type { CliIo } from './io.js'
import { registryOptionsFromEnv } from './registry-env.js'

export const REGISTRY_FLAGS = {
  'insecure-registry': { type: 'string', multiple: true, default: [] },
  'ca-file': { type: 'string' },
  'token-realm-host': { type: 'string', multiple: true, default: [] },
  'max-concurrency': { type: 'string' },
  'max-requests-per-second': { type: 'string' },
  'header-timeout': { type: 'string' },
  'body-timeout': { type: 'string' }
} satisfies ParseArgsOptionsConfig

export const REGISTRY_FLAGS_HELP = `  --insecure-registry HOST    plain http for HOST (repeatable; loopback always allowed); --ca-file PEM
  --token-realm-host HOST     HOST may receive a registry's credentials as its token realm (repeatable)
  --max-concurrency N         requests in flight per registry host (default 16)
  --max-requests-per-second N per registry host (adaptive on 429; default by host: 80 Artifact
                              Registry/gcr.io, 25 Docker Hub, 50 GHCR/Quay/ECR/ACR, else unbounded)
  --header-timeout SECONDS    deadline for a registry's response headers (default 30)
  --body-timeout SECONDS      deadline for a whole manifest, tag list or token body (default 60)`

interface RegistryFlagValues {
  'insecure-registry': string[]
  'ca-file'?: string
  'token-realm-host': string[]
  'max-concurrency'?: string
  'max-requests-per-second'?: string
  'header-timeout'?: string
  'body-timeout'?: string
}

/** Registry client options from the flags and the docker CLI's environment. */
function seconds(flag: string, value: string | undefined): number | undefined {
  const n = whole(flag, value)
  return n === undefined ? undefined : n * 1000
}

export function registryOptionsFromFlags(
  io: CliIo,
  v: RegistryFlagValues
): Omit<RegistryClientOptions, 'readOnly'> {
  return registryOptionsFromEnv(io, {
    insecureHosts: v['insecure-registry'],
    caPem: v['ca-file'] ? readText(io, '--ca-file', v['ca-file']) : undefined,
    tokenRealmHosts: v['token-realm-host'],
    concurrency: whole('--max-concurrency', v['max-concurrency']),
    requestsPerSecond: whole('--max-requests-per-second', v['max-requests-per-second']),
    headerTimeoutMs: seconds('--header-timeout', v['header-timeout']),
    bodyTimeoutMs: seconds('--body-timeout', v['body-timeout'])
  })
}
