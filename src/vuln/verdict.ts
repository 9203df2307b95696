// The gate's outcome for one (repository, digest): plain data for the report, plus the error
// the pipeline turns into a problem on the digest's manifest line.
import type { SourcePosition } from '../errors.js'
import type { VulnError } from './errors.js'
import type { Finding } from './finding.js'
import type { IgnoredFinding, SeverityCounts } from './judge-findings.js'
import type { ConsideredScan, RejectedScan } from './select-scans.js'
import { severityName, type Severity, type SeverityName } from './severity.js'

/**
 * - `pass`: verified scans, nothing at or above the threshold;
 * - `blocked`: findings at or above the threshold (see `blocking`);
 * - `no-scan`: no verified, fresh scan (blocks only under require-scan: see `blocksImage`);
 * - `off`: threshold -1, nothing read.
 */
export type VulnStatus = 'pass' | 'blocked' | 'no-scan' | 'off'

export interface VulnVerdict {
  repository: string
  digest: string
  positions: SourcePosition[]
  status: VulnStatus
  /** True when this image's edges must not be promoted. */
  blocksImage: boolean
  message: string
  highest?: Severity
  highestName?: SeverityName
  /** Findings that count under the policy (after fixable-only and ignores), per severity. */
  counts: SeverityCounts
  /** At or above the threshold, most severe first. */
  blocking: Finding[]
  ignored: IgnoredFinding[]
  scans: ConsideredScan[]
  rejected: RejectedScan[]
  /** Expired ignores that matched a finding here, untrusted or stale scans, no scan found. */
  warnings: string[]
  /** Set when `blocksImage`: the problem at the first manifest position naming the digest. */
  error?: VulnError
}

export function describeBlocking(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const sev = severityName(f.severity)
      const pkg = f.package ? ` in ${f.package}` : ''
      return f.fixVersion
        ? `${f.id} (${sev}${pkg}, fixed in ${f.fixVersion})`
        : `${f.id} (${sev}${pkg})`
    })
    .join(', ')
}
