// How the commands that read registries (run, plan) reach them: plain http, a CA, and pacing.
import type { RegistryClientOptions } from '../oci/registry/index.js'
import { registryDefaults } from '../options/run-options.js'
import type { OptionValues } from '../options/table.js'
import type { CliIo } from './io.js'
import { registryOptionsFromEnv } from './registry-env.js'

/** Registry client options from the flags and the docker CLI's environment. */
export function registryOptionsFromFlags(
  io: CliIo,
  v: OptionValues
): Omit<RegistryClientOptions, 'readOnly'> {
  return {
    ...registryOptionsFromEnv(io, {
      insecureHosts: v['insecure-registries'],
      caPem: v['ca-file'],
      tokenRealmHosts: v['token-realm-hosts']
    }),
    defaults: registryDefaults(v)
  }
}
