// A plain list of findings, for pipelines that summarise their scanner's output themselves:
// `[{ id, severity, fixVersion?, package? }]` or `{ vulnerabilities: [...] }`.
import { list, record, text, type Finding, type ScanReport } from '../finding.js'
import { parseSeverity } from '../severity.js'

function entries(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value
  const inner = record(value).vulnerabilities
  return Array.isArray(inner) ? inner : undefined
}

export function isGenericList(value: unknown): boolean {
  return entries(value) !== undefined
}

export function parseGeneric(value: unknown): ScanReport {
  const findings: Finding[] = []
  for (const raw of list(entries(value))) {
    const v = record(raw)
    const id = text(v.id)
    if (!id) continue
    const fixVersion = text(v.fixVersion) ?? text(v.fixedVersion)
    const pkg = text(v.package)
    findings.push({
      id,
      severity: parseSeverity(v.severity),
      ...(fixVersion ? { fixVersion } : {}),
      ...(pkg ? { package: pkg } : {})
    })
  }
  return { format: 'list', findings }
}
