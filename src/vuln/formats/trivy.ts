// Trivy JSON (`trivy image --format json`): Results[].Vulnerabilities[] with Severity and
// FixedVersion (a comma-separated list when several branches fix it).
import { date, list, record, text, type Finding, type ScanReport } from '../finding.js'
import { parseSeverity } from '../severity.js'

export function isTrivyReport(value: unknown): boolean {
  return Array.isArray(record(value).Results)
}

export function parseTrivy(value: unknown): ScanReport {
  const report = record(value)
  const findings: Finding[] = []
  for (const result of list(report.Results)) {
    for (const raw of list(record(result).Vulnerabilities)) {
      const v = record(raw)
      const id = text(v.VulnerabilityID)
      if (!id) continue
      const fixVersion = text(v.FixedVersion)
      const pkg = text(v.PkgName)
      findings.push({
        id,
        severity: parseSeverity(v.Severity),
        ...(fixVersion ? { fixVersion } : {}),
        ...(pkg ? { package: pkg } : {})
      })
    }
  }
  const scannedAt = date(report.CreatedAt)
  return { format: 'trivy', findings, ...(scannedAt ? { scannedAt } : {}), scanner: 'trivy' }
}
