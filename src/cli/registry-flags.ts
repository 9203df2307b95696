// How the commands that read registries (run, plan) reach them: plain http, a CA, and pacing.
import type { ParseArgsOptionsConfig } from 'node:util'
import type { RegistryClientOptions } from '../oci/registry/index.js'
import { readText, whole } from './flag-values.js'
import type { CliIo } from './io.js'
import { registryOptionsFromEnv } from './registry-env.js'

export const REGISTRY_FLAGS = {
  'insecure-registry': { type: 'string', multiple: true, default: [] },
  'ca-file': { type: 'string' },
  'max-concurrency': { type: 'string' },
  'max-requests-per-second': { type: 'string' }
} satisfies ParseArgsOptionsConfig

export const REGISTRY_FLAGS_HELP = `  --insecure-registry HOST    plain http for HOST (repeatable; loopback always allowed); --ca-file PEM
  --max-concurrency N         requests in flight per registry host (default 16)
  --max-requests-per-second N per registry host (adaptive on 429; default by host: 80 Artifact
                              Registry/gcr.io, 25 Docker Hub, 50 GHCR/Quay/ECR/ACR, else unbounded)`

interface RegistryFlagValues {
  'insecure-registry': string[]
  'ca-file'?: string
  'max-concurrency'?: string
  'max-requests-per-second'?: string
}

/** Registry client options from the flags and the docker CLI's environment. */
export function registryOptionsFromFlags(
  io: CliIo,
  v: RegistryFlagValues
): Omit<RegistryClientOptions, 'readOnly'> {
  return registryOptionsFromEnv(io, {
    insecureHosts: v['insecure-registry'],
    caPem: v['ca-file'] ? readText(io, '--ca-file', v['ca-file']) : undefined,
    concurrency: whole('--max-concurrency', v['max-concurrency']),
    requestsPerSecond: whole('--max-requests-per-second', v['max-requests-per-second'])
  })
}
