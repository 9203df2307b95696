// Scanner reports in the shapes the scanners write them, small enough to read in a test.

/** SARIF 2.1.0 as `trivy --format sarif` writes it: severity on the rule, fix in the message. */
export function sarifReport(): Record<string, unknown> {
  return {
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Trivy',
            rules: [
              { id: 'CVE-2026-2000', properties: { 'security-severity': '9.8' } },
              { id: 'CVE-2026-2001', properties: { 'security-severity': '7.5' } }
            ]
          }
        },
        results: [
          {
            ruleId: 'CVE-2026-2000',
            level: 'error',
            message: {
              text: 'Package: zlib\nInstalled Version: 1.2\nVulnerability CVE-2026-2000\nSeverity: CRITICAL\nFixed Version: 3.0.1'
            },
            properties: { package: 'zlib' }
          },
          // No fixed version: not counted under fixable-only.
          { ruleId: 'CVE-2026-2001', level: 'error', message: { text: 'Package: curl' } }
        ],
        invocations: [{ executionSuccessful: true, endTimeUtc: '2026-11-25T05:00:00Z' }]
      }
    ]
  }
}

/** CycloneDX VEX: one exploitable HIGH with a fixed version, one not_affected CRITICAL. */
export function vexReport(): Record<string, unknown> {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    metadata: { timestamp: '2026-11-25T05:00:00Z' },
    vulnerabilities: [
      {
        id: 'CVE-2026-3000',
        ratings: [{ severity: 'medium' }, { score: 8.1, method: 'CVSSv31' }],
        affects: [{ ref: 'pkg:deb/x', versions: [{ version: '4.2', status: 'unaffected' }] }],
        analysis: { state: 'exploitable' }
      },
      {
        id: 'CVE-2026-3001',
        ratings: [{ severity: 'critical' }],
        affects: [{ ref: 'pkg:deb/y', versions: [{ version: '9.9', status: 'unaffected' }] }],
        analysis: { state: 'not_affected', justification: 'code_not_reachable' }
      }
    ]
  }
}

/** Grype JSON: one fixed HIGH, one won't-fix CRITICAL. */
export function grypeReport(): Record<string, unknown> {
  return {
    matches: [
      {
        vulnerability: {
          id: 'GHSA-aaaa-bbbb-cccc',
          severity: 'High',
          fix: { versions: ['1.2.3'], state: 'fixed' }
        },
        artifact: { name: 'lodash', version: '1.0.0' }
      },
      {
        vulnerability: {
          id: 'CVE-2026-4000',
          severity: 'Critical',
          fix: { versions: [], state: 'wont-fix' }
        },
        artifact: { name: 'glibc', version: '2.36' }
      }
    ],
    descriptor: { name: 'grype', version: '0.80.0' }
  }
}
