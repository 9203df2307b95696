// CycloneDX BOM/VEX `vulnerabilities[]`: the highest of ratings[].severity (or score), fix
// versions from `recommendation` or affects[].versions status `unaffected`, and analysis.state
// `not_affected`/`false_positive`/`resolved` honoured as "does not apply".
import { date, list, record, text, type Finding, type ScanReport } from '../finding.js'
import { parseSeverity, type Severity } from '../severity.js'

const DOES_NOT_APPLY = new Set(['not_affected', 'false_positive', 'resolved'])

function severityOf(ratings: Record<string, unknown>[]): Severity {
  let highest: Severity = 0
  for (const rating of ratings) {
    const s =
      rating.severity !== undefined && rating.severity !== 'unknown'
        ? parseSeverity(rating.severity)
        : parseSeverity(rating.score)
    if (s > highest) highest = s
  }
  return highest
}

function fixOf(v: Record<string, unknown>): string | undefined {
  const unaffected = list(v.affects)
    .flatMap((a) => list(record(a).versions).map(record))
    .filter((r) => r.status === 'unaffected')
    .map((r) => text(r.version))
    .filter(Boolean)
  if (unaffected.length > 0) return unaffected.join(', ')
  return text(record(v.properties).fixedVersion) ?? text(v.recommendation)
}

export function isCycloneDx(value: unknown): boolean {
  const bom = record(value)
  // A plain `{vulnerabilities: [...]}` list is not CycloneDX unless its entries carry ratings.
  return (
    bom.bomFormat === 'CycloneDX' ||
    list(bom.vulnerabilities).some((v) => Array.isArray(record(v).ratings))
  )
}

export function parseCycloneDx(value: unknown): ScanReport {
  const bom = record(value)
  const findings: Finding[] = []
  for (const raw of list(bom.vulnerabilities)) {
    const v = record(raw)
    const id = text(v.id)
    if (!id) continue
    const fixVersion = fixOf(v)
    const state = text(record(v.analysis).state)
    findings.push({
      id,
      severity: severityOf(list(v.ratings).map(record)),
      ...(fixVersion ? { fixVersion } : {}),
      ...(state && DOES_NOT_APPLY.has(state) ? { notAffected: true } : {})
    })
  }
  const scannedAt = date(record(bom.metadata).timestamp)
  return { format: 'cyclonedx', findings, ...(scannedAt ? { scannedAt } : {}) }
}
