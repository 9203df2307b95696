// The vulnerability gate, a named step of validate after the signature check: verified scan
// attestations of each source digest against the policy. A blocked image stops only its own edges.
import { checkVulnerabilities, formatVulnSummary } from '../../vuln/index.js'
import { log, sourceKey, type RunContext } from '../context.js'
import { errorProblem } from '../problems.js'
import { sourceSubjects } from '../trust-subjects.js'
import { blockSource, storeResolver } from './trust-common.js'

export async function vulnerabilityGate(ctx: RunContext): Promise<void> {
  const trust = ctx.options.trust
  const policy = trust.vuln
  const subjects = sourceSubjects(ctx).filter(
    (s) => !ctx.blocked.has(sourceKey(s.repository, s.digest))
  )
  if (!policy || subjects.length === 0) return
  const verdicts = await checkVulnerabilities({
    subjects,
    resolve: storeResolver(ctx),
    verification: {
      policy: trust.identity,
      trustRoot: ctx.trustServices.verifyRoot,
      trustedKeys: trust.trustedKeys
    },
    policy,
    now: ctx.options.now(),
    concurrency: trust.concurrency
  })
  ctx.trust.vulnerabilities = verdicts
  for (const v of verdicts) {
    for (const warning of v.warnings)
      ctx.problems.push({
        severity: 'warning',
        kind: 'vulnerability',
        message: warning,
        position: v.positions[0],
        digest: v.digest
      })
    if (!v.blocksImage) continue
    blockSource(ctx, v.repository, v.digest, v.message)
    for (const position of v.positions) {
      const problem = v.error
        ? errorProblem('vulnerability', v.error)
        : { severity: 'error' as const, kind: 'vulnerability' as const, message: v.message }
      ctx.problems.push({ ...problem, position, digest: v.digest })
    }
  }
  ctx.sections.push({ title: 'Vulnerabilities', markdown: formatVulnSummary(verdicts) })
  log(
    ctx,
    `vulnerabilities: ${verdicts.filter((v) => v.blocksImage).length} blocked of ${verdicts.length}`
  )
}
