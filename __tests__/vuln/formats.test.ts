// Format details the gate tests do not reach: severity words and scores, SARIF level fallback
// and suppressions, CycloneDX scores, generic lists, malformed predicates, and the summary table.
import { describe, expect, it } from '@jest/globals'
import {
  COSIGN_VULN_PREDICATE,
  DEFAULT_VULN_POLICY,
  formatVulnSummary,
  parseScan,
  parseSeverity,
  type VulnVerdict
} from '../../src/vuln/index.js'
import { emptyCounts } from '../../src/vuln/judge-findings.js'

describe('scan formats', () => {
  it('maps scanner words and CVSS scores onto 0..5', () => {
    const words = [
      'UNKNOWN',
      'negligible',
      'Low',
      'moderate',
      'Important',
      'CRITICAL',
      'SEVERITY_HIGH',
      'bogus'
    ]
    expect(words.map(parseSeverity)).toEqual([0, 1, 2, 3, 4, 5, 4, 0])
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, '9.8'].map(parseSeverity)).toEqual([
      1, 2, 2, 3, 3, 4, 4, 5, 5
    ])
  })

  it('SARIF: level when no security-severity, suppressed results do not apply', () => {
    const report = parseScan('https://json.schemastore.org/sarif-2.1.0.json', {
      runs: [
        {
          tool: {
            driver: {
              name: 'scanner',
              rules: [{ id: 'R1', defaultConfiguration: { level: 'note' } }]
            }
          },
          results: [
            { ruleId: 'R1', properties: { fixedVersion: '2' } },
            { ruleId: 'R2', level: 'error', message: { text: 'Fixed Version: 1.1, 1.2' } },
            { ruleId: 'R3', level: 'warning', suppressions: [{ kind: 'external' }] }
          ]
        }
      ]
    })
    expect(report.findings).toEqual([
      { id: 'R1', severity: 2, fixVersion: '2' },
      { id: 'R2', severity: 4, fixVersion: '1.1, 1.2' },
      { id: 'R3', severity: 3, notAffected: true }
    ])
    expect(report.scanner).toBe('scanner')
  })

  it('cosign vuln predicate with a plain list; malformed results are an error', () => {
    const report = parseScan(COSIGN_VULN_PREDICATE, {
      scanner: {
        uri: 'pkg:custom',
        result: { vulnerabilities: [{ id: 'X-1', severity: 'high', fixedVersion: '3' }] }
      },
      metadata: { scanFinishedOn: '2026-11-20T00:00:00Z' }
    })
    expect(report).toMatchObject({
      format: 'cosign-vuln/list',
      scanner: 'pkg:custom',
      findings: [{ id: 'X-1', severity: 4, fixVersion: '3' }]
    })
    expect(report.scannedAt?.toISOString()).toBe('2026-11-20T00:00:00.000Z')
    expect(() => parseScan(COSIGN_VULN_PREDICATE, { scanner: { result: 'text' } })).toThrow(
      /not a Trivy, Grype/
    )
    expect(() => parseScan('https://spdx.dev/Document', {})).toThrow(/is not a scan/)
  })
})

describe('formatVulnSummary', () => {
  const base = {
    repository: 'reg.example/app',
    positions: [],
    counts: emptyCounts(),
    blocking: [],
    ignored: [],
    scans: [],
    rejected: [],
    warnings: [],
    message: ''
  }
  it('lists highest, counts and blocking ids with fix versions; leaves out images with the gate off', () => {
    const verdicts: VulnVerdict[] = [
      {
        ...base,
        digest: 'sha256:' + 'a'.repeat(64),
        status: 'blocked',
        blocksImage: true,
        highest: 5,
        highestName: 'CRITICAL',
        counts: { ...emptyCounts(), CRITICAL: 1, LOW: 2 },
        blocking: [{ id: 'CVE-1', severity: 5, fixVersion: '1.2' }]
      },
      { ...base, digest: 'sha256:' + 'b'.repeat(64), status: 'no-scan', blocksImage: true },
      { ...base, digest: 'sha256:' + 'c'.repeat(64), status: 'off', blocksImage: false }
    ]
    const text = formatVulnSummary(verdicts)
    expect(text).toContain(
      '| `reg.example/app@sha256:aaaaaaaaaaaa` | blocked | CRITICAL | CRITICAL 1, LOW 2 | CVE-1 → 1.2 |'
    )
    expect(text).toContain('| no scan | - | - | no verified scan (required) |')
    expect(text).not.toContain('cccc')
    expect(formatVulnSummary([verdicts[2]!])).toBe('')
    expect(DEFAULT_VULN_POLICY.threshold).toBe(-1)
  })
})
