// From judged attestations to the scans that count: verified ones whose predicate parses and
// that are recent enough. Everything else is kept with the reason it does not count.
import type { ScanReport } from './finding.js'
import { parseScan } from './formats/index.js'
import type { VulnPolicy } from './policy.js'
import type { ScanCandidate } from './scan-evidence.js'
import { errorMessage } from '../errors.js'

interface ScanOrigin {
  /** `att-tag` or `referrer`. */
  source: string
  /** Layer index or referrer digest. */
  where: string
  predicateType?: string
}

export interface ConsideredScan extends ScanOrigin {
  format: string
  scanner?: string
  /** RFC 3339, when the report says. */
  scannedAt?: string
  /** Certificate SAN (or `key:<hint>`) of the signer. */
  signer?: string
  findings: number
}

export interface RejectedScan extends ScanOrigin {
  /** Trust status (`foreign`, `invalid`, `skipped`) or `malformed` / `stale`. */
  status: string
  reason: string
}

export interface SelectedScans {
  considered: ConsideredScan[]
  reports: ScanReport[]
  rejected: RejectedScan[]
}

function staleReason(report: ScanReport, policy: VulnPolicy, now: Date): string | undefined {
  if (policy.maxScanAgeMs === undefined) return undefined
  if (!report.scannedAt) return 'the scan does not say when it ran, and a maximum scan age is set'
  const age = now.getTime() - report.scannedAt.getTime()
  if (age <= policy.maxScanAgeMs) return undefined
  const hours = Math.floor(age / 3_600_000)
  return `scanned at ${report.scannedAt.toISOString()} (${hours}h ago), older than the maximum scan age of ${Math.floor(policy.maxScanAgeMs / 3_600_000)}h`
}

export function selectScans(
  candidates: readonly ScanCandidate[],
  policy: VulnPolicy,
  now: Date
): SelectedScans {
  const selected: SelectedScans = { considered: [], reports: [], rejected: [] }
  for (const { verdict, statement } of candidates) {
    const origin = {
      source: verdict.source,
      where: verdict.where,
      ...(verdict.predicateType ? { predicateType: verdict.predicateType } : {})
    }
    if (verdict.status !== 'verified' || !statement) {
      const reason = verdict.reason ?? 'not verified'
      selected.rejected.push({ ...origin, status: verdict.status, reason })
      continue
    }
    let report: ScanReport
    try {
      report = parseScan(statement.predicateType, statement.predicate)
    } catch (error) {
      selected.rejected.push({ ...origin, status: 'malformed', reason: errorMessage(error) })
      continue
    }
    const stale = staleReason(report, policy, now)
    if (stale) {
      selected.rejected.push({ ...origin, status: 'stale', reason: stale })
      continue
    }
    selected.reports.push(report)
    selected.considered.push({
      ...origin,
      format: report.format,
      ...(report.scanner ? { scanner: report.scanner } : {}),
      ...(report.scannedAt ? { scannedAt: report.scannedAt.toISOString() } : {}),
      ...(verdict.signer ? { signer: verdict.signer.subject } : {}),
      findings: report.findings.length
    })
  }
  return selected
}
