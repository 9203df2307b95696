// provenance (read-only, before promote): SLSA provenance of each source digest against the
// run-wide policy, which a manifest's `provenance:` block overrides per digest. A blocked source
// digest stops only its own edges.
import { verifyProvenance } from '../../trust/phases/provenance.js'
import { log, type RunContext } from '../context.js'
import { errorProblem } from '../problems.js'
import type { PhaseOutcome } from '../runner.js'
import { provenanceSubjects } from '../trust-subjects.js'
import { blockSource, storeResolver } from './trust-common.js'

export async function provenancePhase(ctx: RunContext): Promise<PhaseOutcome> {
  const trust = ctx.options.trust
  // Manifest `provenance:` blocks override the run-wide mode, so even `off` is per digest.
  const subjects = provenanceSubjects(ctx, trust.provenance.mode)
  if (subjects.length === 0) return 'continue'
  const verdicts = await verifyProvenance({
    subjects,
    resolveStore: storeResolver(ctx),
    policy: trust.provenance,
    identity: trust.identity,
    trustRoot: ctx.trustServices.verifyRoot,
    trustedKeys: trust.trustedKeys,
    concurrency: trust.concurrency
  })
  ctx.trust.provenance = verdicts
  for (const v of verdicts) {
    if (v.blocking) {
      blockSource(ctx, v.repository, v.digest, v.message)
      if (v.error) ctx.problems.push({ ...errorProblem('provenance', v.error), digest: v.digest })
    } else {
      for (const w of v.warnings)
        ctx.problems.push({
          severity: 'warning',
          kind: 'provenance',
          message: w,
          position: v.positions[0],
          digest: v.digest
        })
    }
  }
  log(
    ctx,
    `provenance: ${verdicts.filter((v) => v.status === 'verified').length} verified, ${verdicts.filter((v) => v.blocking).length} blocked of ${verdicts.length}`
  )
  return 'continue'
}
