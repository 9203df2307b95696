// Read-only stores for the commands that only read (snapshot, verify): the pipeline's own
// composition with a registry client whose write methods refuse before any request.
import { createRunStores, type RunStores } from '../pipeline/stores.js'
import type { CliIo } from './io.js'
import { registryOptionsFromEnv } from './registry-env.js'

export function openReadOnlyStores(io: CliIo, layoutBaseDir: string): RunStores {
  return createRunStores({
    registry: registryOptionsFromEnv(io, {}),
    readOnly: true,
    layoutBaseDir,
    signal: io.signal
  })
}
