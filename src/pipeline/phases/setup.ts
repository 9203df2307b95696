// setup: nothing to fetch eagerly. Options were validated when resolved; caches are directories
// the adapters restored; the trusted root is fetched on first need only.
import type { PhaseOutcome } from '../runner.js'
import { log, type RunContext } from '../context.js'

export async function setupPhase(ctx: RunContext): Promise<PhaseOutcome> {
  const o = ctx.options
  const mode = o.readOnly ? 'read-only check' : o.confirm ? 'promotion' : 'dry run'
  log(
    ctx,
    `setup: ${mode}; manifests ${o.manifest ?? o.thinManifestDir}; scope ${o.scope.kind}${o.cacheDir ? `; cache ${o.cacheDir}` : ''}`
  )
  return 'continue'
}
