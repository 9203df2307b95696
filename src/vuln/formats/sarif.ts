// SARIF 2.1.0: runs[].results[]. Severity from `security-severity` (a CVSS score, on the result
// or its rule), else the result level. Fix version from properties, or Trivy's
// "Fixed Version: x" message line.
import { date, list, record, text, type Finding, type ScanReport } from '../finding.js'
import { parseSeverity, type Severity } from '../severity.js'

const LEVELS: Record<string, Severity> = { error: 4, warning: 3, note: 2, none: 1 }

function fixFromMessage(message: string | undefined): string | undefined {
  const match = message?.match(/Fixed Version:[ \t]*([^\s,][^\n]*)/i)
  return text(match?.[1])
}

function severityOf(result: Record<string, unknown>, rule: Record<string, unknown>): Severity {
  const score =
    record(result.properties)['security-severity'] ?? record(rule.properties)['security-severity']
  if (score !== undefined) return parseSeverity(score)
  const level = text(result.level) ?? text(record(rule.defaultConfiguration).level) ?? 'warning'
  return LEVELS[level] ?? 0
}

function parseRun(run: Record<string, unknown>, findings: Finding[]): void {
  const rules = list(record(record(run.tool).driver).rules).map(record)
  for (const raw of list(run.results)) {
    const result = record(raw)
    const rule =
      rules.find((r) => r.id === result.ruleId) ??
      (typeof result.ruleIndex === 'number' ? (rules[result.ruleIndex] ?? {}) : {})
    const id = text(result.ruleId) ?? text(rule.id)
    if (!id) continue
    const props = { ...record(rule.properties), ...record(result.properties) }
    const fixVersion =
      text(props.fixedVersion) ??
      text(props.fixVersion) ??
      fixFromMessage(text(record(result.message).text))
    const pkg = text(props.package) ?? text(props.pkgName)
    findings.push({
      id,
      severity: severityOf(result, rule),
      ...(fixVersion ? { fixVersion } : {}),
      ...(pkg ? { package: pkg } : {}),
      ...(result.suppressions && list(result.suppressions).length > 0 ? { notAffected: true } : {})
    })
  }
}

export function isSarif(value: unknown): boolean {
  return Array.isArray(record(value).runs)
}

export function parseSarif(value: unknown): ScanReport {
  const findings: Finding[] = []
  const runs = list(record(value).runs).map(record)
  runs.forEach((run) => parseRun(run, findings))
  const ended = runs.flatMap((r) => list(r.invocations).map((i) => date(record(i).endTimeUtc)))
  const scannedAt = ended.find((d) => d !== undefined)
  const scanner = text(record(record(runs[0]?.tool).driver).name)
  return {
    format: 'sarif',
    findings,
    ...(scannedAt ? { scannedAt } : {}),
    ...(scanner ? { scanner } : {})
  }
}
