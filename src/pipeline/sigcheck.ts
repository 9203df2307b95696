// runSigcheck: the signature audit as a pipeline. Over manifests: setup, plan (which digests are
// promoted, in scope), sigcheck; over IMAGE@DIGEST references: sigcheck alone. Without confirm
// every client is read-only; with it, the sigcheck phase repairs through the sign and attest phases.
import type { RunContext } from './context.js'
import type { RunOptions } from './options.js'
import { planPhase } from './phases/plan.js'
import { setupPhase } from './phases/setup.js'
import { sigcheckPhase } from './phases/sigcheck.js'
import { runPhases, type RunResult } from './run.js'
import type { Phase } from './runner.js'

const OVER_MANIFESTS: readonly Phase<RunContext>[] = [
  { name: 'setup', run: setupPhase },
  { name: 'plan', run: planPhase },
  { name: 'sigcheck', run: sigcheckPhase }
]

const OVER_REFERENCES: readonly Phase<RunContext>[] = [{ name: 'sigcheck', run: sigcheckPhase }]

export function runSigcheck(options: RunOptions, cwd: string): Promise<RunResult> {
  const references = (options.sigcheck?.references?.length ?? 0) > 0
  return runPhases(references ? OVER_REFERENCES : OVER_MANIFESTS, options, cwd)
}
