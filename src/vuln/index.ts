// Public surface of the vulnerability gate: the phase, its policy and options, the parsers.
export { checkVulnerabilities, type VulnInputs, type VulnSubject } from './check.js'
export { VulnError, type VulnErrorCode } from './errors.js'
export type { Finding, ScanReport } from './finding.js'
export { COSIGN_VULN_PREDICATE, parseScan, SCAN_PREDICATE_TYPES } from './formats/index.js'
export {
  expiredIgnoreWarnings,
  isExpired,
  parseIgnoreFile,
  type IgnoreEntry
} from './ignore-file.js'
export type { IgnoredFinding, SeverityCounts } from './judge-findings.js'
export {
  parseBoolean,
  parseScanAge,
  parseThreshold,
  parseVulnOptions,
  type VulnFlagValues
} from './options.js'
export { DEFAULT_VULN_POLICY, isGateOn, type VulnPolicy } from './policy.js'
export type { ConsideredScan, RejectedScan } from './select-scans.js'
export {
  parseSeverity,
  SEVERITY_NAMES,
  severityName,
  type Severity,
  type SeverityName
} from './severity.js'
export { formatVulnSummary } from './summary.js'
export type { VulnStatus, VulnVerdict } from './verdict.js'
