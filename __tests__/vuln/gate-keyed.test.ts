// Scans signed with a plain key (air-gapped staging): a bundle referrer verifies against the
// trusted public key; another key's scan does not count.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { createKeyedSigner } from '../../src/trust/signing/keyed-signer.js'
import { checkVulnerabilities, DEFAULT_VULN_POLICY } from '../../src/vuln/index.js'
import { attachScan, cosignVulnPredicate, putImage, trivyReport } from './scan-helpers.js'
import { startVulnEnv, type VulnEnv } from './vuln-env.js'

const NOW = new Date('2026-11-25T06:00:00Z')
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
let env: VulnEnv
let digest: string

beforeAll(async () => {
  env = await startVulnEnv()
  digest = await putImage(env.layout, 'keyed', 'vuln-keyed')
  const signer = createKeyedSigner({
    privateKeyPEM: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  })
  const report = trivyReport([{ id: 'CVE-2026-7000', severity: 'CRITICAL', fixed: '7.1' }])
  await attachScan(env.resolve('oci:keyed'), digest, {
    format: 'referrer',
    signer,
    predicate: cosignVulnPredicate(report, NOW)
  })
})
afterAll(() => env.stop())

const gate = (trusted: typeof keys.publicKey) =>
  checkVulnerabilities({
    subjects: [{ repository: 'oci:keyed', digest }],
    resolve: env.resolve,
    verification: { policy: {}, trustedKeys: [trusted] },
    policy: { ...DEFAULT_VULN_POLICY, threshold: 5, requireScan: true },
    now: NOW
  })

describe('keyed scans', () => {
  it('count when the key is trusted', async () => {
    const [v] = await gate(keys.publicKey)
    expect(v).toMatchObject({ status: 'blocked', highestName: 'CRITICAL' })
    expect(v!.scans[0]!.signer).toMatch(/^key:[0-9a-f]{64}$/)
  })

  it('do not count under another key', async () => {
    const [v] = await gate(other.publicKey)
    expect(v).toMatchObject({ status: 'no-scan', blocksImage: true })
    expect(v!.rejected[0]).toMatchObject({ status: 'invalid' })
  })
})
