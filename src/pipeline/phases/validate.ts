// validate (read-only, before promote): two named steps, the staging signatures of each source
// digest, then the vulnerability gate (vuln.ts); a dry run stops here. A blocked source digest
// stops only its own edges.
import { validateSignatures } from '../../trust/phases/validate.js'
import { log, type RunContext } from '../context.js'
import { errorProblem } from '../problems.js'
import type { PhaseOutcome } from '../runner.js'
import { sourceSubjects } from '../trust-subjects.js'
import { blockSource, storeResolver } from './trust-common.js'
import { vulnerabilityGate } from './vuln.js'

/** Step one: cosign signatures of the staging digests, when somebody is trusted to sign them. */
export async function signatureCheck(ctx: RunContext): Promise<void> {
  const trust = ctx.options.trust
  const subjects = sourceSubjects(ctx)
  if (subjects.length === 0) return
  if (!trust.validateSignatures) {
    log(
      ctx,
      'validate: staging signatures not checked (no certificate identity/issuer or key configured)'
    )
    return
  }
  const verdicts = await validateSignatures({
    subjects,
    resolveStore: storeResolver(ctx),
    policy: trust.identity,
    trustRoot: ctx.trustServices.verifyRoot,
    trustedKeys: trust.trustedKeys,
    concurrency: trust.concurrency
  })
  ctx.trust.signatures = verdicts
  for (const v of verdicts) {
    for (const message of v.warnings ?? [])
      ctx.problems.push({
        severity: 'warning',
        kind: 'signature',
        message,
        position: v.positions[0],
        digest: v.digest
      })
    if (v.status !== 'failed') continue
    blockSource(ctx, v.repository, v.digest, v.message)
    ctx.problems.push(
      v.error
        ? { ...errorProblem('signature', v.error), digest: v.digest }
        : {
            severity: 'error',
            kind: 'signature',
            message: v.message,
            position: v.positions[0],
            digest: v.digest
          }
    )
  }
  log(
    ctx,
    `validate: ${verdicts.filter((v) => v.status === 'verified').length} signed and verified, ${verdicts.filter((v) => v.status === 'unsigned').length} unsigned, ${verdicts.filter((v) => v.status === 'failed').length} failed`
  )
}

function dryRunStop(ctx: RunContext): PhaseOutcome {
  if (ctx.options.confirm) return 'continue'
  return {
    stop: ctx.options.readOnly
      ? 'read-only check: stopped before promote'
      : 'dry run: stopped before promote (pass --confirm to promote)'
  }
}

export async function validatePhase(ctx: RunContext): Promise<PhaseOutcome> {
  await signatureCheck(ctx)
  await vulnerabilityGate(ctx)
  return dryRunStop(ctx)
}
