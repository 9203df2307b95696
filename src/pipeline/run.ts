// runPromotion: the single composition root. Builds the run's stores, runs the seven phases in
// order, and returns the RunReport. Never throws for a run that failed; throws only for options
// that make no run possible.
import type { Plan } from '../plan/index.js'
import type { RunReport } from '../report/run-report.js'
import { buildReport } from './build-report.js'
import type { RunContext } from './context.js'
import type { RunOptions } from './options.js'
import { planPhase } from './phases/plan.js'
import { promotePhase } from './phases/promote.js'
import { setupPhase } from './phases/setup.js'
import { trustPhases } from './phases/trust.js'
import { resolveRunOptions } from './resolve-options.js'
import { runPipeline, type Phase } from './runner.js'
import { createRunSigner, signsThisRun } from './signer.js'
import { abortableSigner } from '../trust/signing/abortable-signer.js'
import type { RunSigner } from '../trust/signing/run-signer.js'
import { createRunStores } from './stores.js'

function phases(signer: RunSigner | undefined): Phase<RunContext>[] {
  const trust = trustPhases(signer)
  return [
    { name: 'setup', run: setupPhase },
    { name: 'plan', run: planPhase },
    trust.provenance,
    trust.validate,
    { name: 'promote', run: promotePhase },
    trust.sign,
    trust.attest
  ]
}

export interface RunResult {
  report: RunReport
  /** The plan, when the run got that far (for `plan --json` and the plan report). */
  plan?: Plan
}

export async function runPromotion(options: RunOptions, cwd: string): Promise<RunResult> {
  const resolved = resolveRunOptions(options, cwd)
  // Checked before any store exists: a signer that cannot sign stops the run before promote.
  const trust = resolved.trust ?? {}
  const signer = signsThisRun(trust, resolved.confirm)
    ? abortableSigner(createRunSigner(trust), resolved.signal)
    : undefined
  const stores = createRunStores({
    registry: resolved.registry,
    readOnly: resolved.readOnly || !resolved.confirm,
    layoutBaseDir: resolved.layoutBaseDir,
    signal: resolved.signal
  })
  const ctx: RunContext = {
    options: resolved,
    stores,
    startedAt: resolved.now(),
    problems: [],
    sections: [],
    blocked: new Map(),
    trust: {}
  }
  try {
    const result = await runPipeline(phases(signer), ctx, {
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
