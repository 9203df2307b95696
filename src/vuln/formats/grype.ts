// Grype JSON (`grype -o json`): matches[] with vulnerability.severity and vulnerability.fix
// (state `fixed` with versions).
import { list, record, text, type Finding, type ScanReport } from '../finding.js'
import { parseSeverity } from '../severity.js'

export function isGrypeReport(value: unknown): boolean {
  return Array.isArray(record(value).matches)
}

export function parseGrype(value: unknown): ScanReport {
  const findings: Finding[] = []
  for (const raw of list(record(value).matches)) {
    const match = record(raw)
    const vulnerability = record(match.vulnerability)
    const id = text(vulnerability.id)
    if (!id) continue
    const fix = record(vulnerability.fix)
    const versions = list(fix.versions).map(text).filter(Boolean)
    const fixVersion =
      fix.state === 'fixed' && versions.length > 0 ? versions.join(', ') : undefined
    const pkg = text(record(match.artifact).name)
    findings.push({
      id,
      severity: parseSeverity(vulnerability.severity),
      ...(fixVersion ? { fixVersion } : {}),
      ...(pkg ? { package: pkg } : {})
    })
  }
  return { format: 'grype', findings, scanner: 'grype' }
}
