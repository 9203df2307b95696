// The provenance phase: modes off/warn/require, `.att` and referrer attestations, foreign signers
// and predicate types reported but not fatal, a wrong subject fatal, builder and source lists,
// the per-manifest override, and no trusted root fetched when nothing is attached.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { verifyProvenance } from '../../src/trust/phases/provenance.js'
import type { ProvenancePolicy } from '../../src/trust/phases/provenance-policy.js'
import { attachProvenance } from './provenance-helpers.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
const digests: Record<string, string> = {}
const identity = { identity: SIGNER_ID, issuer: SIGNER_ISSUER }
const repo = () => `${env.registry.host}/staging/app`

beforeAll(async () => {
  env = await startTrustEnv()
  const at = env.resolveStore(repo())
  for (const name of ['none', 'att', 'referrer', 'foreign', 'otherType', 'wrongSubject']) {
    digests[name] = await env.pushTestImage('staging/app', `prov-${name}`)
  }
  const signer = env.keylessSigner()
  await attachProvenance(at, digests.att!, { format: 'att', signer })
  await attachProvenance(at, digests.referrer!, {
    format: 'referrer',
    signer,
    builderId: 'https://builder.example/v1'
  })
  await attachProvenance(at, digests.foreign!, {
    format: 'referrer',
    signer: env.keylessSigner('mallory@example.com')
  })
  await attachProvenance(at, digests.otherType!, {
    format: 'att',
    signer,
    predicateType: 'https://spdx.dev/Document'
  })
  await attachProvenance(at, digests.wrongSubject!, {
    format: 'referrer',
    signer,
    subjectDigest: digests.none
  })
})
afterAll(() => env.stop())

async function run(names: string[], policy: ProvenancePolicy, override?: ProvenancePolicy) {
  const trustRoot = env.trustRoot()
  const subjects = names.map((n) => ({
    repository: repo(),
    digest: digests[n]!,
    positions: [{ file: 'images.yaml', line: 1, column: 1 }],
    ...(override && { policies: [{ policy: override, image: 'app' }] })
  }))
  const verdicts = await verifyProvenance({
    subjects,
    resolveStore: env.resolveStore,
    policy,
    identity,
    trustRoot
  })
  return { verdicts, trustRoot }
}

describe('verifyProvenance', () => {
  it('mode off checks nothing', async () => {
    const { verdicts, trustRoot } = await run(['att', 'wrongSubject'], { mode: 'off' })
    expect(verdicts.map((v) => v.status)).toEqual(['skipped', 'skipped'])
    expect(trustRoot.loaded).toBe(false)
  })

  it('warn: verified provenance passes, missing provenance warns, no trusted root needed for it', async () => {
    const missing = await run(['none'], { mode: 'warn' })
    expect(missing.verdicts[0]).toMatchObject({ status: 'missing', blocking: false })
    expect(missing.verdicts[0]!.warnings).toHaveLength(1)
    expect(missing.trustRoot.loaded).toBe(false)
    const { verdicts } = await run(['att', 'referrer'], { mode: 'warn' })
    expect(verdicts.map((v) => [v.status, v.blocking])).toEqual([
      ['verified', false],
      ['verified', false]
    ])
    expect(verdicts[0]!.candidates[0]).toMatchObject({ source: 'att-tag', status: 'verified' })
    expect(verdicts[1]!.candidates[0]).toMatchObject({
      source: 'referrer',
      builderId: 'https://builder.example/v1'
    })
  })

  it('require: no verified provenance blocks; foreign signers and other types are only reported', async () => {
    const { verdicts } = await run(['none', 'foreign', 'otherType', 'referrer'], {
      mode: 'require'
    })
    expect(verdicts.map((v) => [v.status, v.blocking])).toEqual([
      ['missing', true],
      ['missing', true],
      ['missing', true],
      ['verified', false]
    ])
    expect(verdicts[1]!.candidates[0]).toMatchObject({ status: 'foreign' })
    expect(verdicts[1]!.warnings[0]).toMatch(/mallory@example.com/)
    expect(verdicts[2]!.warnings[0]).toMatch(/predicate type https:\/\/spdx.dev\/Document/)
    expect(verdicts[0]!.error?.position).toEqual({ file: 'images.yaml', line: 1, column: 1 })
  })

  it('a trusted attestation naming another image is fatal even in warn mode', async () => {
    const { verdicts } = await run(['wrongSubject'], { mode: 'warn' })
    expect(verdicts[0]).toMatchObject({ status: 'rejected', blocking: true })
    expect(verdicts[0]!.message).toMatch(/expected sha256:/)
  })

  it('applies allowed builders and sources', async () => {
    const builders = await run(['referrer', 'att'], {
      mode: 'require',
      builders: ['https://builder.example/v1']
    })
    expect(builders.verdicts.map((v) => v.status)).toEqual(['verified', 'missing'])
    const sources = await run(['referrer'], {
      mode: 'require',
      sources: ['https://github.com/other/']
    })
    expect(sources.verdicts[0]!.warnings[0]).toMatch(
      /source "https:\/\/github.com\/example\/app" is not in the allowed sources/
    )
  })

  it("uses the manifest's provenance policy, whole, over the run-wide one", async () => {
    const { verdicts } = await run(['none'], { mode: 'require' }, { mode: 'warn' })
    expect(verdicts[0]).toMatchObject({ status: 'missing', blocking: false })
    const signers = await run(
      ['foreign'],
      { mode: 'require', builders: ['https://nobody.example'] },
      { mode: 'require', signers: [{ identity: 'mallory@example.com', issuer: SIGNER_ISSUER }] }
    )
    expect(signers.verdicts[0]!.status).toBe('verified')
  })
})
