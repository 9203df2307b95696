// The gate against real signed scans (keyless, sigstore mocks) on a layout store: each threshold,
// fixable-only, ignores (one expired), missing scans with and without require-scan, a scan by an
// untrusted identity, and a stale scan.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  checkVulnerabilities,
  DEFAULT_VULN_POLICY,
  parseIgnoreFile,
  type VulnPolicy
} from '../../src/vuln/index.js'
import { attachScan, cosignVulnPredicate, putImage, trivyReport } from './scan-helpers.js'
import { startVulnEnv, type VulnEnv } from './vuln-env.js'

const NOW = new Date('2026-11-25T06:00:00Z')
const DAY = 86_400_000
const REPO = 'oci:staging'
let env: VulnEnv
const digests: Record<string, string> = {}

const MIXED = trivyReport([
  { id: 'CVE-2026-0001', severity: 'UNKNOWN', fixed: '1.0.1' },
  { id: 'CVE-2026-0002', severity: 'NEGLIGIBLE', fixed: '1.0.2' },
  { id: 'CVE-2026-0003', severity: 'LOW', fixed: '1.0.3' },
  { id: 'CVE-2026-0004', severity: 'MEDIUM' },
  { id: 'CVE-2026-0005', severity: 'HIGH', fixed: '1.0.5', pkg: 'libssl3' }
])

beforeAll(async () => {
  env = await startVulnEnv()
  const at = env.resolve(REPO)
  for (const name of ['mixed', 'none', 'untrusted', 'stale', 'undated'])
    digests[name] = await putImage(env.layout, 'staging', `vuln-${name}`)
  const signer = env.signer()
  await attachScan(at, digests.mixed!, {
    format: 'att',
    signer,
    predicate: cosignVulnPredicate(MIXED, new Date(NOW.getTime() - DAY))
  })
  await attachScan(at, digests.untrusted!, {
    format: 'referrer',
    signer: env.signer('mallory@example.com'),
    predicate: cosignVulnPredicate(trivyReport([]), NOW)
  })
  await attachScan(at, digests.stale!, {
    format: 'referrer',
    signer,
    predicate: cosignVulnPredicate(trivyReport([]), new Date(NOW.getTime() - 30 * DAY))
  })
  await attachScan(at, digests.undated!, {
    format: 'referrer',
    signer,
    predicate: { scanner: { result: trivyReport([]) } }
  })
})
afterAll(() => env.stop())

async function gate(names: string[], policy: Partial<VulnPolicy>) {
  return checkVulnerabilities({
    subjects: names.map((n, i) => ({
      repository: REPO,
      digest: digests[n]!,
      position: { file: 'images.yaml', line: 10 + i, column: 5 }
    })),
    resolve: env.resolve,
    verification: env.verification(),
    policy: { ...DEFAULT_VULN_POLICY, ...policy },
    now: NOW
  })
}

const ids = (v: { blocking: Array<{ id: string }> }) => v.blocking.map((f) => f.id.slice(-1))

describe('checkVulnerabilities', () => {
  it('threshold -1 is off and reads nothing', async () => {
    const [v] = await gate(['mixed'], { threshold: -1 })
    expect(v).toMatchObject({ status: 'off', blocksImage: false, scans: [] })
  })

  it.each([
    [5, 'pass', []],
    [4, 'blocked', ['5']],
    [3, 'blocked', ['5']],
    [2, 'blocked', ['5', '3']],
    [1, 'blocked', ['5', '3', '2']],
    [0, 'blocked', ['5', '3', '2', '1']]
  ] as const)('threshold %i: %s, blocking %j (fixable only)', async (threshold, status, want) => {
    const [v] = await gate(['mixed'], { threshold })
    expect(v!.status).toBe(status)
    expect(v!.blocksImage).toBe(status === 'blocked')
    expect(ids(v!)).toEqual(want)
    expect(v!.highestName).toBe('HIGH')
    expect(v!.counts).toMatchObject({ HIGH: 1, MEDIUM: 0, LOW: 1, MINIMAL: 1, UNSPECIFIED: 1 })
    expect(v!.scans[0]).toMatchObject({
      source: 'att-tag',
      format: 'cosign-vuln/trivy',
      signer: expect.any(String)
    })
  })

  it('blocking findings carry fix version and package; the error sits on the manifest line', async () => {
    const [v] = await gate(['mixed'], { threshold: 4 })
    expect(v!.blocking[0]).toEqual({
      id: 'CVE-2026-0005',
      severity: 4,
      fixVersion: '1.0.5',
      package: 'libssl3'
    })
    expect(v!.error).toMatchObject({
      code: 'VULN_FOUND',
      position: { file: 'images.yaml', line: 10, column: 5 }
    })
    expect(v!.message).toMatch(
      /at or above threshold 4 .*highest: HIGH.*CVE-2026-0005 \(HIGH in libssl3, fixed in 1\.0\.5\)/
    )
  })

  it('fixable-only false counts findings without a fix', async () => {
    const [v] = await gate(['mixed'], { threshold: 3, fixableOnly: false })
    expect(ids(v!)).toEqual(['5', '4'])
    expect(v!.counts.MEDIUM).toBe(1)
  })

  it('an active ignore removes a finding; an expired one does not and warns with its line', async () => {
    const ignores = parseIgnoreFile(
      [
        'ignores:',
        '  - id: CVE-2026-0003',
        '    reason: not reachable',
        '    expires: 2026-12-31',
        '  - id: CVE-2026-0005',
        '    reason: waiting for upstream',
        '    expires: 2026-11-01'
      ].join('\n'),
      'vuln-ignores.yaml'
    )
    const [v] = await gate(['mixed'], { threshold: 2, ignores })
    expect(ids(v!)).toEqual(['5'])
    expect(v!.ignored).toMatchObject([{ id: 'CVE-2026-0003', reason: 'not reachable' }])
    expect(v!.warnings).toEqual([
      expect.stringMatching(/^vuln-ignores.yaml:5: ignore of CVE-2026-0005 expired on 2026-11-01/)
    ])
    const [all] = await gate(['mixed'], {
      threshold: 2,
      ignores: ignores.slice(0, 1).concat({ ...ignores[1]!, expires: '2026-11-25' })
    })
    expect(ids(all!)).toEqual([])
    expect(all!.status).toBe('pass')
  })

  it('a missing scan passes with a warning, or blocks under require-scan', async () => {
    const [warn] = await gate(['none'], { threshold: 4 })
    expect(warn).toMatchObject({ status: 'no-scan', blocksImage: false })
    expect(warn!.warnings).toEqual([expect.stringMatching(/has no verified vulnerability scan/)])
    const [required] = await gate(['none'], { threshold: 4, requireScan: true })
    expect(required).toMatchObject({ status: 'no-scan', blocksImage: true })
    expect(required!.error).toMatchObject({ code: 'VULN_SCAN_MISSING', position: { line: 10 } })
  })

  it('a scan signed by an untrusted identity does not count', async () => {
    const [v] = await gate(['untrusted'], { threshold: 4, requireScan: true })
    expect(v).toMatchObject({ status: 'no-scan', blocksImage: true, scans: [] })
    expect(v!.rejected).toEqual([
      expect.objectContaining({
        source: 'referrer',
        status: 'foreign',
        reason: expect.stringMatching(/mallory@example.com/)
      })
    ])
  })

  it('a scan older than the maximum age, or undated under a maximum age, does not count', async () => {
    const fresh = await gate(['stale', 'undated'], { threshold: 4, requireScan: true })
    expect(fresh.map((v) => v.status)).toEqual(['pass', 'pass'])
    const aged = await gate(['stale', 'undated'], {
      threshold: 4,
      requireScan: true,
      maxScanAgeMs: 7 * DAY
    })
    expect(aged.map((v) => [v.status, v.blocksImage])).toEqual([
      ['no-scan', true],
      ['no-scan', true]
    ])
    expect(aged[0]!.rejected[0]).toMatchObject({
      status: 'stale',
      reason: expect.stringMatching(/scanned at 2026-10-26T06:00:00.000Z \(720h ago\)/)
    })
    expect(aged[1]!.rejected[0]!.reason).toMatch(/does not say when it ran/)
  })

  it('deduplicates subjects and merges their manifest positions', async () => {
    const verdicts = await checkVulnerabilities({
      subjects: [
        {
          repository: REPO,
          digest: digests.none!,
          position: { file: 'a.yaml', line: 1, column: 1 }
        },
        {
          repository: REPO,
          digest: digests.none!,
          positions: [{ file: 'b.yaml', line: 2, column: 1 }]
        }
      ],
      resolve: env.resolve,
      verification: env.verification(),
      policy: { ...DEFAULT_VULN_POLICY, threshold: 4 },
      now: NOW
    })
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]!.positions.map((p) => p.file)).toEqual(['a.yaml', 'b.yaml'])
  })
})
