// The gate against a real distribution registry: a Trivy cosign-vuln `.att`, SARIF, CycloneDX
// VEX and Grype scans as bundle referrers, a non-scan attestation, and a scan naming another
// image; and the cost of the gate in registry requests.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createStoreResolver, type StoreResolver } from '../../src/oci/open.js'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { checkVulnerabilities, DEFAULT_VULN_POLICY } from '../../src/vuln/index.js'
import { buildImage } from '../harness/images.js'
import { pushImage } from '../harness/push.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { attachScan, cosignVulnPredicate, trivyReport } from './scan-helpers.js'
import { sarifReport, vexReport, grypeReport } from './reports.js'
import { startVulnEnv, type VulnEnv } from './vuln-env.js'

const NOW = new Date('2026-11-25T06:00:00Z')
let env: VulnEnv
let registry: TestRegistry
let client: RegistryClient
let resolve: StoreResolver
const digests: Record<string, string> = {}
const repo = () => `${registry.host}/staging/app`

beforeAll(async () => {
  ;[env, registry] = await Promise.all([startVulnEnv(), startRegistry()])
  client = new RegistryClient()
  const resolver = createStoreResolver({
    registryStore: (h) => client.store(h),
    layoutStore: new LayoutStore()
  })
  resolve = (name) => resolver(name)
  for (const name of ['multi', 'grype', 'wrongSubject', 'plain'])
    digests[name] = await pushImage(
      registry,
      'staging/app',
      buildImage({ seed: `reg-${name}`, layers: [64] }),
      []
    )
  const at = resolve(repo())
  const signer = env.signer()
  await attachScan(at, digests.multi!, {
    format: 'att',
    signer,
    predicate: cosignVulnPredicate(
      trivyReport([{ id: 'CVE-2026-1000', severity: 'MEDIUM', fixed: '2.1' }]),
      NOW
    )
  })
  await attachScan(at, digests.multi!, {
    format: 'referrer',
    signer,
    predicateType: 'https://docs.oasis-open.org/sarif/sarif/2.1.0',
    predicate: sarifReport()
  })
  await attachScan(at, digests.multi!, {
    format: 'referrer',
    signer,
    predicateType: 'https://cyclonedx.org/vex',
    predicate: vexReport()
  })
  await attachScan(at, digests.multi!, {
    format: 'referrer',
    signer,
    predicateType: 'https://spdx.dev/Document',
    predicate: { spdxVersion: 'SPDX-2.3' }
  })
  await attachScan(at, digests.grype!, {
    format: 'referrer',
    signer,
    predicate: cosignVulnPredicate(grypeReport(), NOW)
  })
  await attachScan(at, digests.wrongSubject!, {
    format: 'att',
    signer,
    subjectDigest: digests.plain,
    predicate: cosignVulnPredicate(trivyReport([]), NOW)
  })
})
afterAll(async () => {
  await client?.close()
  await Promise.all([env?.stop(), registry?.stop()])
})

const gate = (names: string[], threshold: 0 | 1 | 2 | 3 | 4 | 5) =>
  checkVulnerabilities({
    subjects: names.map((n) => ({ repository: repo(), digest: digests[n]! })),
    resolve,
    verification: env.verification(),
    policy: { ...DEFAULT_VULN_POLICY, threshold, requireScan: true },
    now: NOW
  })

describe('checkVulnerabilities on a registry', () => {
  it('merges Trivy, SARIF and CycloneDX VEX scans; VEX not_affected and non-scan types do not count', async () => {
    const [v] = await gate(['multi'], 3)
    expect(v!.scans.map((s) => s.format).sort()).toEqual([
      'cosign-vuln/trivy',
      'cyclonedx',
      'sarif'
    ])
    expect(v!.rejected).toEqual([
      expect.objectContaining({ status: 'foreign', predicateType: 'https://spdx.dev/Document' })
    ])
    expect(v!.blocking).toEqual([
      { id: 'CVE-2026-2000', severity: 5, fixVersion: '3.0.1', package: 'zlib' },
      { id: 'CVE-2026-3000', severity: 4, fixVersion: '4.2' },
      { id: 'CVE-2026-1000', severity: 3, fixVersion: '2.1', package: 'openssl' }
    ])
    expect(v!.counts).toMatchObject({ CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 0 })
  })

  it('reads Grype results inside the cosign vuln predicate', async () => {
    const [v] = await gate(['grype'], 4)
    expect(v!.status).toBe('blocked')
    expect(v!.blocking).toEqual([
      { id: 'GHSA-aaaa-bbbb-cccc', severity: 4, fixVersion: '1.2.3', package: 'lodash' }
    ])
  })

  it('a trusted scan naming another image does not count', async () => {
    const [v] = await gate(['wrongSubject'], 4)
    expect(v).toMatchObject({ status: 'no-scan', blocksImage: true })
    expect(v!.rejected[0]).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(/expected sha256:/)
    })
  })

  it('costs a bounded number of registry requests per digest', async () => {
    const before = client.stats().requests
    await gate(['plain'], 4)
    const plain = client.stats().requests - before
    // `.att` tag miss + referrers list; nothing else when nothing is attached.
    expect(plain).toBeLessThanOrEqual(3)
    const mid = client.stats().requests
    await gate(['multi'], 4)
    const multi = client.stats().requests - mid
    // .att manifest + 1 layer blob, referrers list, 3 bundle manifests + blobs; SPDX not fetched.
    expect(multi).toBeGreaterThan(plain)
    expect(multi).toBeLessThanOrEqual(12)
  })
})
