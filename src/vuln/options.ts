// Parsing the gate's CLI flags / Action inputs (same names without `--`) into a VulnPolicy.
// kpromo's `cip --vuln-severity-threshold N` maps onto the same threshold flag.
import { VulnError } from './errors.js'
import { parseIgnoreFile } from './ignore-file.js'
import { DEFAULT_VULN_POLICY, type VulnPolicy } from './policy.js'
import { SEVERITY_NAMES, type Severity } from './severity.js'

export type VulnFlagValues = Partial<
  Record<
    | 'vuln-severity-threshold'
    | 'vuln-fixable-only'
    | 'vuln-ignore-file'
    | 'vuln-require-scan'
    | 'vuln-max-scan-age',
    string
  >
>

function invalid(flag: string, expected: string, got: string): never {
  throw new VulnError('VULN_OPTION_INVALID', `expected --${flag} ${expected}, got "${got}"`, {
    hint: `fix --${flag} (Action input ${flag})`
  })
}

/** `-1`..`5` or a severity name (`HIGH`); `-1`/`off` turns the gate off. */
export function parseThreshold(value: string): -1 | Severity {
  const v = value.trim()
  if (/^-?\d+$/.test(v) && Number(v) >= -1 && Number(v) <= 5) return Number(v) as -1 | Severity
  if (v.toLowerCase() === 'off') return -1
  const named = SEVERITY_NAMES.indexOf(v.toUpperCase() as (typeof SEVERITY_NAMES)[number])
  if (named >= 0) return named as Severity
  return invalid('vuln-severity-threshold', `-1..5 or ${SEVERITY_NAMES.join('|')}`, value)
}

export function parseBoolean(flag: string, value: string): boolean {
  const v = value.trim().toLowerCase()
  if (v === 'true' || v === '1' || v === 'yes') return true
  if (v === 'false' || v === '0' || v === 'no') return false
  return invalid(flag, 'true|false', value)
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `90m`, `72h`, `7d`, or whole seconds; returns milliseconds. */
export function parseScanAge(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim())
  if (!match || Number(match[1]) === 0)
    return invalid('vuln-max-scan-age', 'a duration like 72h or 7d', value)
  return Number(match[1]) * UNIT_MS[match[2] || 's']!
}

/**
 * The policy from flag values. `readIgnoreFile` returns the file's text and the name errors
 * should use for it (relative to the manifest root); the caller decides where files live.
 */
export function parseVulnOptions(
  values: VulnFlagValues,
  readIgnoreFile: (path: string) => { text: string; file: string } = () => {
    throw new VulnError('VULN_OPTION_INVALID', '--vuln-ignore-file given but no file reader')
  }
): VulnPolicy {
  const v = (k: keyof VulnFlagValues) =>
    values[k] === undefined || values[k] === '' ? undefined : values[k]
  const threshold = v('vuln-severity-threshold')
  const ignorePath = v('vuln-ignore-file')
  const fixable = v('vuln-fixable-only')
  const require = v('vuln-require-scan')
  const age = v('vuln-max-scan-age')
  const ignores = ignorePath
    ? (({ text, file }) => parseIgnoreFile(text, file))(readIgnoreFile(ignorePath))
    : []
  return {
    ...DEFAULT_VULN_POLICY,
    ...(threshold !== undefined ? { threshold: parseThreshold(threshold) } : {}),
    ...(fixable !== undefined ? { fixableOnly: parseBoolean('vuln-fixable-only', fixable) } : {}),
    ...(require !== undefined ? { requireScan: parseBoolean('vuln-require-scan', require) } : {}),
    ...(age !== undefined ? { maxScanAgeMs: parseScanAge(age) } : {}),
    ignores
  }
}
