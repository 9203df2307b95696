// The vulnerability gate, in the validate family after provenance: verified scan attestations of
// each source digest against the policy. A blocked image stops only its own edges.
import { checkVulnerabilities, formatVulnSummary, isGateOn } from '../../vuln/index.js'
import type { TrustRootProvider } from '../../trust/trust-root.js'
import { log, sourceKey, type RunContext } from '../context.js'
import { errorProblem } from '../problems.js'
import { sourceSubjects } from '../trust-subjects.js'

export async function checkVulnerabilityGate(
  ctx: RunContext,
  trustRoot: () => TrustRootProvider | undefined
): Promise<void> {
  const trust = ctx.options.trust ?? {}
  const policy = trust.vuln
  const subjects = sourceSubjects(ctx).filter(
    (s) => !ctx.blocked.has(sourceKey(s.repository, s.digest))
  )
  if (!policy || !isGateOn(policy) || subjects.length === 0) return
  const verdicts = await checkVulnerabilities({
    subjects,
    resolve: (name) => ctx.stores.resolve(name),
    verification: {
      policy: trust.identity ?? {},
      trustRoot: trustRoot(),
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
    ctx.blocked.set(sourceKey(v.repository, v.digest), v.message)
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
