// runPromotion: the single composition root. Resolves the options (trust defaults included), builds
// the run's stores, signer and trusted root once, runs the seven phases in order, and returns the
// RunReport. Never throws for a run that failed; throws only for options that make no run possible.
import type { Plan } from '../plan/index.js'
import type { RunReport } from '../report/run-report.js'
import { buildReport } from './build-report.js'
import type { RunContext } from './context.js'
import type { RunOptions } from './options.js'
import { attestPhase } from './phases/attest.js'
import { planPhase } from './phases/plan.js'
import { promotePhase } from './phases/promote.js'
import { provenancePhase } from './phases/provenance.js'
import { setupPhase } from './phases/setup.js'
import { signPhase } from './phases/sign.js'
import { validatePhase } from './phases/validate.js'
import { resolveRunOptions } from './resolve-options.js'
import { runPipeline, type Phase } from './runner.js'
import { createRunStores } from './stores.js'
import { createTrustServices } from './trust-services.js'

const PHASES: readonly Phase<RunContext>[] = [
  { name: 'setup', run: setupPhase },
  { name: 'plan', run: planPhase },
  { name: 'provenance', run: provenancePhase },
  { name: 'validate', run: validatePhase },
  { name: 'promote', run: promotePhase },
  { name: 'sign', run: signPhase },
  { name: 'attest', run: attestPhase }
]

export interface RunResult {
  report: RunReport
  /** The plan, when the run got that far (for `plan --json` and the plan report). */
  plan?: Plan
}

export function runPromotion(options: RunOptions, cwd: string): Promise<RunResult> {
  return runPhases(PHASES, options, cwd)
}

/** The composition root for any phase list over one context (`run`, `sigcheck`). */
export async function runPhases(
  phases: readonly Phase<RunContext>[],
  options: RunOptions,
  cwd: string
): Promise<RunResult> {
  const resolved = resolveRunOptions(options, cwd)
  // Built once, before any store exists: a signer that cannot sign stops the run before promote.
  const trustServices = createTrustServices(resolved.trust, resolved.signal)
  const stores = createRunStores({
    registry: resolved.registry,
    readOnly: resolved.readOnly || !resolved.confirm,
    layoutBaseDir: resolved.layoutBaseDir,
    signal: resolved.signal
  })
  const ctx: RunContext = {
    options: resolved,
    stores,
    trustServices,
    startedAt: resolved.now(),
    problems: [],
    sections: [],
    blocked: new Map(),
    trust: {}
  }
  try {
    const result = await runPipeline(phases, ctx, {
      signal: resolved.signal,
      onPhase: ({ name, record }) => {
        if (!record) resolved.log(`phase ${name}`)
        else if (record.status === 'failed') resolved.log(`phase ${name} failed: ${record.reason}`)
      }
    })
    return { report: buildReport(ctx, result), plan: ctx.plan }
  } finally {
    await stores.close()
  }
}
