// Flag values into a policy: thresholds as numbers or names (kpromo's -1..5), booleans, ages,
// and the ignore file read through the caller's reader.
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_VULN_POLICY, parseVulnOptions } from '../../src/vuln/index.js'

describe('parseVulnOptions', () => {
  it('defaults to off, fixable-only, no scan required', () => {
    expect(parseVulnOptions({})).toEqual(DEFAULT_VULN_POLICY)
  })

  it('parses every flag', () => {
    const policy = parseVulnOptions(
      {
        'vuln-severity-threshold': 'high',
        'vuln-fixable-only': 'false',
        'vuln-require-scan': 'true',
        'vuln-max-scan-age': '7d',
        'vuln-ignore-file': 'ignores.yaml'
      },
      (path) => ({ text: 'ignores:\n  - id: CVE-1\n    reason: r\n', file: `manifests/${path}` })
    )
    expect(policy).toMatchObject({
      threshold: 4,
      fixableOnly: false,
      requireScan: true,
      maxScanAgeMs: 7 * 86_400_000
    })
    expect(policy.ignores[0]).toMatchObject({
      id: 'CVE-1',
      position: { file: 'manifests/ignores.yaml', line: 2 }
    })
    expect(parseVulnOptions({ 'vuln-severity-threshold': '-1' }).threshold).toBe(-1)
    expect(parseVulnOptions({ 'vuln-severity-threshold': '0' }).threshold).toBe(0)
    expect(parseVulnOptions({ 'vuln-max-scan-age': '90m' }).maxScanAgeMs).toBe(90 * 60_000)
    expect(parseVulnOptions({ 'vuln-max-scan-age': '3600' }).maxScanAgeMs).toBe(3_600_000)
  })

  it.each([
    [
      'vuln-severity-threshold',
      '6',
      /expected --vuln-severity-threshold -1..5 or UNSPECIFIED\|.*got "6"/
    ],
    ['vuln-severity-threshold', '-2', /got "-2"/],
    ['vuln-fixable-only', 'maybe', /expected --vuln-fixable-only true\|false, got "maybe"/],
    ['vuln-max-scan-age', '1w', /a duration like 72h or 7d, got "1w"/],
    ['vuln-max-scan-age', '0h', /got "0h"/]
  ])('rejects --%s %s', (flag, value, message) => {
    expect(() => parseVulnOptions({ [flag]: value })).toThrow(message)
  })
})
