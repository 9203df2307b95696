// Flags of `image-promoter plan`, parsed by the option table into typed options (usage errors as
// strings).
import type { DiffScope } from '../../manifest/scope.js'
import { errorMessage } from '../../errors.js'
import type { RegistryClientOptions } from '../../oci/registry/index.js'
import { flagHelp } from '../../options/render.js'
import { cliScope, commonRunOptions } from '../../options/run-options.js'
import type { EdgeState, RegistryMapping } from '../../plan/index.js'
import { parseFlags } from '../flag-values.js'
import type { CliIo } from '../io.js'
import { registryOptionsFromFlags } from '../registry-flags.js'

export const PLAN_USAGE = `usage: image-promoter plan (--manifest FILE | --thin-manifest-dir DIR) [flags]

Decides what a promotion run would do with every edge, reading registries but never writing.
${flagHelp('plan')}

Exit status: 0 when every edge is done or to promote, 1 when some are lost, conflict or error.`

export interface PlanArgs {
  manifest?: string
  thinManifestDir?: string
  scope: DiffScope
  cacheDir?: string
  cacheMaxAgeMs?: number
  registryMap: RegistryMapping[]
  allow: EdgeState[]
  checkLostDestinations: boolean
  json: boolean
  registry: Omit<RegistryClientOptions, 'readOnly'>
}

export function parsePlanArgs(args: string[], io: CliIo): PlanArgs | string {
  try {
    const { values: v } = parseFlags('plan', args, io)
    if ((v.manifest === undefined) === (v['thin-manifest-dir'] === undefined))
      return 'give exactly one of --manifest FILE and --thin-manifest-dir DIR'
    const common = commonRunOptions(v)
    return {
      manifest: v.manifest,
      thinManifestDir: v['thin-manifest-dir'],
      scope: cliScope(v),
      cacheDir: v['cache-dir'],
      cacheMaxAgeMs: common.cacheMaxAgeMs,
      registryMap: common.registryMap!,
      allow: v.allow,
      checkLostDestinations: v['check-lost-destinations'],
      json: v.json,
      registry: registryOptionsFromFlags(io, v)
    }
  } catch (error) {
    return errorMessage(error)
  }
}
