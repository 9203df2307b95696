// One vulnerability as a scan reports it, already mapped onto kpromo's scale.
import type { Severity } from './severity.js'

export interface Finding {
  /** CVE-…, GHSA-…, or the scanner's rule id. */
  id: string
  severity: Severity
  /** A version that fixes it; known fix = fixable (kpromo counts fixable findings only). */
  fixVersion?: string
  package?: string
  /** The scan itself says it does not apply (VEX not_affected / false_positive). */
  notAffected?: boolean
}

/** What one parsed scan says. */
export interface ScanReport {
  /** The format it was read as (cosign-vuln/trivy, cosign-vuln/grype, sarif, cyclonedx, trivy). */
  format: string
  findings: Finding[]
  /** When the scan ran, if the report says. */
  scannedAt?: Date
  scanner?: string
}

export const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

export function date(value: unknown): Date | undefined {
  const s = text(value)
  if (!s) return undefined
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? undefined : d
}
