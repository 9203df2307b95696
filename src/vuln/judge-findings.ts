// Applying the policy to the findings of an image's scans: drop what the scan itself marks as
// not affecting the image, what is unfixable under fixable-only, and what an unexpired ignore
// covers; count the rest per severity and block on those at or above the threshold.
import type { Finding } from './finding.js'
import { expiredWarning, isExpired, type IgnoreEntry } from './ignore-file.js'
import type { VulnPolicy } from './policy.js'
import { SEVERITY_NAMES, type Severity, type SeverityName } from './severity.js'

export type SeverityCounts = Record<SeverityName, number>

export interface IgnoredFinding extends Finding {
  reason: string
  expires?: string
}

export interface FindingsJudgement {
  highest?: Severity
  counts: SeverityCounts
  /** At or above the threshold, most severe first. */
  blocking: Finding[]
  ignored: IgnoredFinding[]
  warnings: string[]
}

/** One entry per (id, package): several scans of one image report the same finding. */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>()
  for (const f of findings) {
    const key = `${f.id}|${f.package ?? ''}`
    const seen = byKey.get(key)
    if (!seen) byKey.set(key, f)
    else
      byKey.set(key, {
        ...seen,
        severity: Math.max(seen.severity, f.severity) as Severity,
        fixVersion: seen.fixVersion ?? f.fixVersion,
        // Only a finding every scan calls not-affected is dropped.
        notAffected: Boolean(seen.notAffected && f.notAffected)
      })
  }
  return [...byKey.values()]
}

export function emptyCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITY_NAMES.map((n) => [n, 0])) as SeverityCounts
}

export function judgeFindings(
  findings: readonly Finding[],
  policy: VulnPolicy,
  now: Date
): FindingsJudgement {
  const counts = emptyCounts()
  const blocking: Finding[] = []
  const ignored: IgnoredFinding[] = []
  const warnings = new Set<string>()
  let highest: Severity | undefined
  for (const finding of mergeFindings(findings)) {
    if (finding.notAffected) continue
    if (policy.fixableOnly && !finding.fixVersion) continue
    const ignores = policy.ignores.filter((i: IgnoreEntry) => i.id === finding.id)
    const active = ignores.find((i) => !isExpired(i, now))
    ignores.filter((i) => isExpired(i, now)).forEach((i) => warnings.add(expiredWarning(i)))
    if (active) {
      ignored.push({
        ...finding,
        reason: active.reason,
        ...(active.expires ? { expires: active.expires } : {})
      })
      continue
    }
    counts[SEVERITY_NAMES[finding.severity]] += 1
    if (highest === undefined || finding.severity > highest) highest = finding.severity
    if (policy.threshold >= 0 && finding.severity >= policy.threshold) blocking.push(finding)
  }
  blocking.sort((a, b) => b.severity - a.severity || a.id.localeCompare(b.id))
  return {
    ...(highest !== undefined ? { highest } : {}),
    counts,
    blocking,
    ignored,
    warnings: [...warnings]
  }
}
