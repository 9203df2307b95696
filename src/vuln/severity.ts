// kpromo's severity scale (Grafeas): 0 UNSPECIFIED .. 5 CRITICAL, and how scanner words and
// CVSS scores map onto it.

export const SEVERITY_NAMES = [
  'UNSPECIFIED',
  'MINIMAL',
  'LOW',
  'MEDIUM',
  'HIGH',
  'CRITICAL'
] as const

/** 0..5, as in kpromo's `--vuln-severity-threshold`. */
export type Severity = 0 | 1 | 2 | 3 | 4 | 5

export type SeverityName = (typeof SEVERITY_NAMES)[number]

// Trivy, Grype, GitHub, Red Hat and Grafeas words for the same levels.
const WORDS: Record<string, Severity> = {
  unspecified: 0,
  unknown: 0,
  none: 1,
  minimal: 1,
  negligible: 1,
  info: 1,
  informational: 1,
  low: 2,
  medium: 3,
  moderate: 3,
  high: 4,
  important: 4,
  critical: 5
}

export function severityName(severity: Severity): SeverityName {
  return SEVERITY_NAMES[severity]
}

/** CVSS v3 qualitative bands; 0.0 is "none", which kpromo's scale calls MINIMAL. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 5
  if (score >= 7) return 4
  if (score >= 4) return 3
  if (score > 0) return 2
  return 1
}

/** A scanner's word or a numeric score (as number or string); unknown values are UNSPECIFIED. */
export function parseSeverity(value: unknown): Severity {
  if (typeof value === 'number' && Number.isFinite(value)) return severityFromScore(value)
  if (typeof value !== 'string') return 0
  const word =
    WORDS[
      value
        .trim()
        .toLowerCase()
        .replace(/^severity_/, '')
    ]
  if (word !== undefined) return word
  const score = Number(value)
  return value.trim() !== '' && Number.isFinite(score) ? severityFromScore(score) : 0
}
