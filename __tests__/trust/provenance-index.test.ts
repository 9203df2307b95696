// kpromo v4.6 evaluates an index on its own or, without build provenance of its own, through its
// platform manifests (builders attest those, not the index): all must satisfy the policy with
// their own attestations. A platform manifest without trusted provenance, or provenance about the
// index that does not pass, still blocks; real signed provenance on a real registry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { verifyProvenance } from '../../src/trust/phases/provenance.js'
import type { ProvenancePolicy } from '../../src/trust/phases/provenance-policy.js'
import { attachProvenance } from './provenance-helpers.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
const identity = { identity: SIGNER_ID, issuer: SIGNER_ISSUER }
const repo = () => `${env.registry.host}/staging/multi`
const indexes: Record<string, { digest: string; children: string[] }> = {}
const require: ProvenancePolicy = { mode: 'require' }

beforeAll(async () => {
  env = await startTrustEnv()
  const at = env.resolveStore(repo())
  const signer = env.keylessSigner()
  const mallory = env.keylessSigner('mallory@example.com')
  for (const name of ['platforms', 'half', 'foreignChild', 'ownForeign', 'own'])
    indexes[name] = await env.pushTestIndex('staging/multi', `index-${name}`)
  const attest = (digest: string, s = signer) =>
    attachProvenance(at, digest, { format: 'referrer', signer: s })
  for (const child of indexes.platforms!.children) await attest(child)
  await attest(indexes.half!.children[0]!)
  await attest(indexes.foreignChild!.children[0]!)
  await attest(indexes.foreignChild!.children[1]!, mallory)
  // Provenance about the index itself that does not pass (another signer), good platforms.
  await attest(indexes.ownForeign!.digest, mallory)
  for (const child of indexes.ownForeign!.children) await attest(child)
  await attest(indexes.own!.digest)
})
afterAll(() => env.stop())

async function verdictOf(name: string, policy: ProvenancePolicy = require) {
  const [verdict] = await verifyProvenance({
    subjects: [
      {
        repository: repo(),
        digest: indexes[name]!.digest,
        positions: [{ file: 'images.yaml', line: 1, column: 1 }]
      }
    ],
    resolveStore: env.resolveStore,
    policy,
    identity,
    trustRoot: env.trustRoot()
  })
  return verdict!
}

describe('an index through its platform manifests (kpromo v4.6)', () => {
  it('is accepted when every platform manifest has trusted provenance', async () => {
    const verdict = await verdictOf('platforms')
    expect(verdict).toMatchObject({ status: 'verified', blocking: false })
    expect(verdict.message).toContain('has provenance through its 2 platform manifests')
    expect(verdict.throughPlatforms).toEqual(indexes.platforms!.children)
  })

  it('is blocked when one platform manifest has none, naming it', async () => {
    const verdict = await verdictOf('half')
    expect(verdict).toMatchObject({ status: 'missing', blocking: true })
    expect(verdict.message).toContain(`platform manifest ${indexes.half!.children[1]}:`)
    expect(verdict.message).not.toContain(`platform manifest ${indexes.half!.children[0]}:`)
  })

  it('is blocked when a platform manifest is attested by an untrusted signer', async () => {
    const verdict = await verdictOf('foreignChild')
    expect(verdict).toMatchObject({ status: 'missing', blocking: true })
    expect(verdict.message).toContain(`platform manifest ${indexes.foreignChild!.children[1]}:`)
    expect(verdict.warnings.join('\n')).toMatch(/mallory@example.com/)
  })

  it('provenance about the index that does not pass is not outweighed by its platforms', async () => {
    const verdict = await verdictOf('ownForeign')
    expect(verdict).toMatchObject({ status: 'missing', blocking: true })
    expect(verdict.throughPlatforms).toBeUndefined()
    expect(verdict.message).not.toContain('platform manifest')
  })

  it('an index with its own provenance is judged on it; warn mode says what is missing', async () => {
    expect(await verdictOf('own')).toMatchObject({ status: 'verified', blocking: false })
    const warn = await verdictOf('half', { mode: 'warn' })
    expect(warn).toMatchObject({ status: 'missing', blocking: false })
    expect(warn.warnings.join('\n')).toContain(`platform manifest ${indexes.half!.children[1]}:`)
  })
})
