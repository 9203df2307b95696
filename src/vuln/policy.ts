// The gate's policy: kpromo's threshold (-1 off, 0..5 at-or-above blocks), fixable-only, the
// ignore list, whether an image without a verified scan is blocked, and the maximum scan age.
import type { IgnoreEntry } from './ignore-file.js'
import type { Severity } from './severity.js'

export interface VulnPolicy {
  /** -1: off (kpromo's default); 0..5: findings at or above it block the image. */
  threshold: -1 | Severity
  /** Count only findings with a known fix version (kpromo does). */
  fixableOnly: boolean
  ignores: readonly IgnoreEntry[]
  /** An image with no verified scan is blocked (otherwise it passes with a warning). */
  requireScan: boolean
  /** Scans older than this (milliseconds before `now`) do not count; unset: any age. */
  maxScanAgeMs?: number
  /** Predicate types that count as scans; unset: every type in SCAN_PREDICATES. */
  predicateTypes?: readonly string[]
}

export const DEFAULT_VULN_POLICY: VulnPolicy = {
  threshold: -1,
  fixableOnly: true,
  ignores: [],
  requireScan: false
}

export const isGateOn = (policy: VulnPolicy): boolean => policy.threshold >= 0
