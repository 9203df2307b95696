// The vulnerability gate (read-only, after provenance): for each unique source digest, the
// verified scan attestations decide whether that image's edges may be promoted.
import type { StoreResolver } from '../oci/open.js'
import type { SourcePosition } from '../errors.js'
import { imageFailure } from '../trust/errors.js'
import { trustPolicyProblem } from '../trust/identity.js'
import { mapBounded } from '../concurrency/index.js'
import { DEFAULT_TRUST_CONCURRENCY } from '../trust/phases/types.js'
import { contextFactory, type VerificationOptions } from '../trust/phases/verification.js'
import type { ContextFor } from '../trust/verify/image-evidence.js'
import { VulnError } from './errors.js'
import { SCAN_PREDICATE_TYPES } from './formats/index.js'
import { emptyCounts, judgeFindings } from './judge-findings.js'
import { isGateOn, type VulnPolicy } from './policy.js'
import { collectScanCandidates } from './scan-evidence.js'
import { selectScans } from './select-scans.js'
import { severityName, type Severity } from './severity.js'
import { describeBlocking, type VulnVerdict } from './verdict.js'

export interface VulnSubject {
  /** `host/path` or `oci:<dir>`. */
  repository: string
  digest: string
  position?: SourcePosition
  positions?: SourcePosition[]
}

export interface VulnInputs {
  subjects: readonly VulnSubject[]
  resolve: StoreResolver
  /** Who may sign scans, the trusted root and keys: the same machinery as provenance. */
  verification: VerificationOptions
  policy: VulnPolicy
  now?: Date
  concurrency?: number
}

type Subject = Pick<VulnVerdict, 'repository' | 'digest' | 'positions'>

function unique(subjects: readonly VulnSubject[]): Subject[] {
  const byKey = new Map<string, Subject>()
  for (const s of subjects) {
    const positions = [...(s.positions ?? []), ...(s.position ? [s.position] : [])]
    const key = `${s.repository}@${s.digest}`
    const seen = byKey.get(key)
    if (seen) seen.positions.push(...positions)
    else byKey.set(key, { repository: s.repository, digest: s.digest, positions })
  }
  return [...byKey.values()]
}

const empty = (subject: Subject) => ({
  ...subject,
  counts: emptyCounts(),
  blocking: [],
  ignored: [],
  scans: [],
  rejected: [],
  warnings: []
})

function blockError(
  subject: Subject,
  message: string,
  hint: string,
  code: 'VULN_FOUND' | 'VULN_SCAN_MISSING'
) {
  const image = `${subject.repository}@${subject.digest}`
  return new VulnError(code, message, { hint, image, position: subject.positions[0] })
}

async function checkOne(
  subject: Subject,
  inputs: VulnInputs,
  contextFor: ContextFor,
  now: Date
): Promise<VulnVerdict> {
  const { policy } = inputs
  const ref = `${subject.repository}@${subject.digest}`
  const expected = policy.predicateTypes?.length ? policy.predicateTypes : SCAN_PREDICATE_TYPES
  const candidates = await collectScanCandidates(
    inputs.resolve(subject.repository),
    subject.digest,
    contextFor,
    expected
  )
  const { considered, reports, rejected } = selectScans(candidates, policy, now)
  const rejectedWarnings = rejected.map(
    (r) => `${ref}: scan ${r.source} ${r.where} does not count: ${r.reason}`
  )
  const base = { ...empty(subject), scans: considered, rejected }
  if (reports.length === 0) {
    const message = `${ref} has no verified vulnerability scan`
    const warnings = [...rejectedWarnings, message]
    if (!policy.requireScan)
      return { ...base, status: 'no-scan', blocksImage: false, message, warnings }
    const error = blockError(
      subject,
      message,
      'attach a scan (cosign attest --type vuln) signed by a trusted identity in staging, or turn off vuln-require-scan',
      'VULN_SCAN_MISSING'
    )
    return { ...base, status: 'no-scan', blocksImage: true, message, warnings, error }
  }
  const judged = judgeFindings(
    reports.flatMap((r) => r.findings),
    policy,
    now
  )
  const warnings = [...rejectedWarnings, ...judged.warnings]
  const highestName = judged.highest !== undefined ? severityName(judged.highest) : undefined
  const verdict = { ...base, ...judged, ...(highestName ? { highestName } : {}), warnings }
  if (judged.blocking.length === 0) {
    return {
      ...verdict,
      status: 'pass',
      blocksImage: false,
      message: `${ref} passes the vulnerability gate (highest: ${highestName ?? 'none'})`
    }
  }
  const message = `image ${ref} has vulnerabilities at or above threshold ${policy.threshold} (${severityName(policy.threshold as Severity)}) (highest: ${highestName}): ${describeBlocking(judged.blocking)}`
  const error = blockError(
    subject,
    message,
    'rebuild the image with the fixed versions, or add the ids to the vulnerability ignore file with a reason',
    'VULN_FOUND'
  )
  return { ...verdict, status: 'blocked', blocksImage: true, message, error }
}

function untrusted(subject: Subject, policy: VulnPolicy, problem: string): VulnVerdict {
  const message = `scans of ${subject.repository}@${subject.digest} not checked: ${problem}`
  const base = { ...empty(subject), status: 'no-scan' as const, message, warnings: [message] }
  if (!policy.requireScan) return { ...base, blocksImage: false }
  const error = blockError(
    subject,
    message,
    'set certificate-identity and certificate-oidc-issuer, or trusted-key',
    'VULN_SCAN_MISSING'
  )
  return { ...base, blocksImage: true, error }
}

/** One verdict per unique (repository, digest); a read failure blocks that image only. */
export async function checkVulnerabilities(inputs: VulnInputs): Promise<VulnVerdict[]> {
  const subjects = unique(inputs.subjects)
  if (!isGateOn(inputs.policy)) {
    return subjects.map((s) => ({
      ...empty(s),
      status: 'off',
      blocksImage: false,
      message: 'vulnerability gate off (threshold -1)'
    }))
  }
  const now = inputs.now ?? new Date()
  // Nobody trusted to sign scans: none can count, so nothing is read (the run refuses
  // vuln-require-scan without a signer before reading; this is the backstop).
  const problem = trustPolicyProblem({
    identity: inputs.verification.policy,
    keys: inputs.verification.trustedKeys
  })
  if (problem) return subjects.map((s) => untrusted(s, inputs.policy, problem))
  const contextFor = contextFactory(inputs.verification)
  return mapBounded(subjects, inputs.concurrency ?? DEFAULT_TRUST_CONCURRENCY, async (subject) => {
    try {
      return await checkOne(subject, inputs, contextFor, now)
    } catch (thrown) {
      const error = imageFailure(thrown)
      const message = `cannot check scans of ${subject.repository}@${subject.digest}: ${error.message}`
      const blocked = blockError(
        subject,
        message,
        error.hint ?? 'a re-run retries',
        'VULN_SCAN_MISSING'
      )
      return {
        ...empty(subject),
        status: 'no-scan',
        blocksImage: true,
        message,
        error: blocked,
        warnings: [message]
      } satisfies VulnVerdict
    }
  })
}
