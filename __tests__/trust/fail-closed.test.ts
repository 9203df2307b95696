// Fail closed (issue #13): one completeness rule for every trust check, an incomplete policy
// trusts nobody (provenance signed by an attacker is never "verified"), and one garbage layer
// fails only itself, not the image's other evidence. Real registry, real sigstore-js + mocks.
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sha256Digest } from '../../src/oci/digest.js'
import type { Descriptor, StoreRepo } from '../../src/oci/store.js'
import { trustOptionsProblem } from '../../src/pipeline/trust-options.js'
import {
  attestationTag,
  COSIGN_ANNOTATION,
  COSIGN_MEDIA_TYPE,
  signatureTag
} from '../../src/trust/cosign/constants.js'
import { buildSignatureImage } from '../../src/trust/cosign/sig-image.js'
import {
  checkIdentity,
  matchesAnyIdentity,
  requireTrustPolicy,
  trustPolicyProblem
} from '../../src/trust/identity.js'
import { parseManifestJson } from '../../src/trust/oci/store-io.js'
import { verifyProvenance } from '../../src/trust/phases/provenance.js'
import {
  provenanceSignerProblem,
  type ProvenancePolicy
} from '../../src/trust/phases/provenance-policy.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { validateSignatures } from '../../src/trust/phases/validate.js'
import { keyHint } from '../../src/trust/signing/keyed-signer.js'
import { checkVulnerabilities } from '../../src/vuln/check.js'
import { attachProvenance } from './provenance-helpers.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

const FULL = { identity: SIGNER_ID, issuer: SIGNER_ISSUER }
const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
const ATTACKER = { subject: 'mallory@example.com', issuer: SIGNER_ISSUER }

describe('one completeness rule', () => {
  it('a policy trusts someone only with an identity AND an issuer, or a key', () => {
    expect(trustPolicyProblem({ identity: FULL })).toBeUndefined()
    expect(trustPolicyProblem({ identity: { identityRegexp: '.*', issuerRegexp: '.*' } })).toBe(
      undefined
    )
    expect(trustPolicyProblem({ keys: [key] })).toBeUndefined()
    expect(trustPolicyProblem({})).toMatch(/no trusted signer/)
    expect(trustPolicyProblem({ identity: { identity: SIGNER_ID } })).toMatch(
      /certificate-oidc-issuer \(or -regexp\) is missing/
    )
    expect(trustPolicyProblem({ identity: { issuer: SIGNER_ISSUER } })).toMatch(
      /certificate-identity \(or -regexp\) is missing/
    )
    // Half a keyless policy next to a key: still a problem (it was meant, and trusts nobody).
    expect(trustPolicyProblem({ identity: { identity: SIGNER_ID }, keys: [key] })).toMatch(
      /incomplete/
    )
    expect(() => requireTrustPolicy({}, 'verify')).toThrow(/verify: no trusted signer/)
  })

  it('an incomplete policy matches nobody', () => {
    for (const policy of [{}, { identity: 'mallory@example.com' }, { issuer: SIGNER_ISSUER }]) {
      expect(() => checkIdentity(policy, ATTACKER)).toThrow(/IDENTITY_MISMATCH|trusted/)
      expect(matchesAnyIdentity([policy], ATTACKER)).toBe(false)
    }
    expect(
      matchesAnyIdentity([{ identity: 'mallory@example.com', issuer: SIGNER_ISSUER }], ATTACKER)
    ).toBe(true)
    // A key signer names a key, and matches only that key's keyed signer (no issuer).
    const hint = `key:${keyHint(key)}`
    expect(matchesAnyIdentity([{ identity: hint }], { subject: hint })).toBe(true)
    expect(matchesAnyIdentity([{ identity: hint }], { subject: hint, issuer: 'x' })).toBe(false)
  })

  it('validate, provenance and the run options use the same rule', async () => {
    await expect(
      validateSignatures({ subjects: [], resolveStore: () => undefined as never, policy: {} })
    ).rejects.toThrow(/no trusted signer/)
    const require: ProvenancePolicy = { mode: 'require' }
    expect(provenanceSignerProblem(require, {})).toMatch(/no trusted signer/)
    expect(provenanceSignerProblem(require, { identity: { identity: SIGNER_ID } })).toMatch(
      /incomplete/
    )
    expect(provenanceSignerProblem(require, { identity: FULL })).toBeUndefined()
    expect(provenanceSignerProblem(require, { keys: [key] })).toBeUndefined()
    // A manifest key signer counts only when that key is trusted (else nothing could verify).
    const keySigner = { ...require, signers: [{ identity: `key:${keyHint(key)}` }] }
    expect(provenanceSignerProblem(keySigner, {})).toMatch(/no listed signer/)
    expect(provenanceSignerProblem(keySigner, { keys: [key] })).toBeUndefined()
    expect(trustOptionsProblem({ identity: { identity: SIGNER_ID } })).toMatch(/incomplete/)
    expect(trustOptionsProblem({})).toBeUndefined()
    expect(
      trustOptionsProblem({
        vuln: { threshold: 3, fixableOnly: true, ignores: [], requireScan: true }
      })
    ).toMatch(/vulnerability gate requires scans, but no trusted signer/)
  })
})

let env: TrustEnv
const repo = () => `${env.registry.host}/closed/app`
const at = (): StoreRepo => env.resolveStore(repo())
const digests: Record<string, string> = {}

beforeAll(async () => {
  env = await startTrustEnv()
  for (const name of ['attacker', 'sigGarbage', 'attGarbage'])
    digests[name] = await env.pushTestImage('closed/app', `closed-${name}`)
  await attachProvenance(at(), digests.attacker!, {
    format: 'att',
    signer: env.keylessSigner('mallory@example.com')
  })
  await signPromoted({
    images: [env.promoted(['closed/app'], digests.sigGarbage!)],
    resolveStore: env.resolveStore,
    signer: env.keylessSigner(),
    trustRoot: env.trustRoot(),
    format: 'legacy'
  })
  await attachProvenance(at(), digests.attGarbage!, { format: 'att', signer: env.keylessSigner() })
})
afterAll(() => env?.stop())

/**
 * Rewrite the tag's image as [its layers..., garbage...]: a descriptor whose size is not its
 * blob's (unreadable as named), and non-JSON content with a made-up signature.
 */
async function addGarbage(tag: string, mediaType: string): Promise<void> {
  const { store, repo: name } = at()
  const layers = parseManifestJson(await store.manifestGet(name, tag)).layers
  const junk = Buffer.from('not a signature at all')
  await store.blobPut(name, sha256Digest(junk), junk.length, junk)
  const garbage: Descriptor[] = [
    { mediaType, size: junk.length + 1, digest: sha256Digest(junk) },
    {
      mediaType,
      size: junk.length,
      digest: sha256Digest(junk),
      annotations: { [COSIGN_ANNOTATION.signature]: 'AAAA' }
    }
  ]
  const image = buildSignatureImage([...layers, ...garbage])
  await store.blobPut(name, sha256Digest(image.config), image.config.length, image.config)
  await store.manifestPut(name, tag, {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    bytes: image.manifest
  })
}

const subject = (name: string) => ({
  repository: repo(),
  digest: digests[name]!,
  positions: [{ file: 'images.yaml', line: 4, column: 5 }]
})

describe('nobody trusted: the vulnerability gate counts no scan and reads nothing', () => {
  it.each([false, true])('requireScan %s', async (requireScan) => {
    const [verdict] = await checkVulnerabilities({
      subjects: [{ repository: 'staging.example/app', digest: `sha256:${'b'.repeat(64)}` }],
      resolve: () => {
        throw new Error('read attempted')
      },
      verification: { policy: { identity: 'mallory@example.com' } },
      policy: { threshold: 3, fixableOnly: false, ignores: [], requireScan }
    })
    expect(verdict).toMatchObject({ status: 'no-scan', blocksImage: requireScan })
    expect(verdict!.message).toMatch(/not checked: the keyless policy is incomplete/)
  })
})

describe('nobody trusted: attacker-signed provenance is never verified', () => {
  it.each([
    ['no identity', {}],
    ['identity without issuer', { identity: 'mallory@example.com' }],
    ['issuer without identity', { issuer: SIGNER_ISSUER }]
  ])('%s: warn skips with a warning, require blocks', async (_, identity) => {
    const trustRoot = env.trustRoot()
    for (const mode of ['warn', 'require'] as const) {
      const [verdict] = await verifyProvenance({
        subjects: [subject('attacker')],
        resolveStore: env.resolveStore,
        policy: { mode },
        identity,
        trustRoot
      })
      expect(verdict!.status).not.toBe('verified')
      expect(verdict!.blocking).toBe(mode === 'require')
      expect(verdict!.message).toMatch(/not checked: provenance: .*(no trusted signer|incomplete)/)
      if (mode === 'warn') expect(verdict!.warnings).toEqual([verdict!.message])
      else expect(verdict!.error?.position).toEqual({ file: 'images.yaml', line: 4, column: 5 })
    }
    // Nothing was worth reading: the trusted root was never needed.
    expect(trustRoot.loaded).toBe(false)
  })

  it("with the run's identity complete, the attacker's provenance is foreign", async () => {
    const [verdict] = await verifyProvenance({
      subjects: [subject('attacker')],
      resolveStore: env.resolveStore,
      policy: { mode: 'warn' },
      identity: FULL,
      trustRoot: env.trustRoot()
    })
    expect(verdict!.status).toBe('missing')
    expect(verdict!.candidates[0]).toMatchObject({ status: 'foreign' })
  })
})

describe('one bad layer fails only itself', () => {
  it('a garbage and an unreadable .sig layer next to a good signature: verified, bad ones reported', async () => {
    await addGarbage(signatureTag(digests.sigGarbage!), COSIGN_MEDIA_TYPE.simpleSigning)
    const [verdict] = await validateSignatures({
      subjects: [subject('sigGarbage')],
      resolveStore: env.resolveStore,
      policy: FULL,
      trustRoot: env.trustRoot(),
      // A trusted key too: the garbage layers (no certificate) are then judged as keyed.
      trustedKeys: [key]
    })
    expect(verdict!.status).toBe('verified')
    expect(verdict!.candidates.map((c) => c.status)).toEqual(['verified', 'invalid', 'invalid'])
    expect(verdict!.warnings).toHaveLength(2)
    expect(verdict!.warnings![0]).toMatch(
      /sig-tag layer 1 does not verify and was skipped: blob digest\/size mismatch/
    )
    expect(verdict!.warnings![1]).toMatch(/sig-tag layer 2 does not verify and was skipped/)
  })

  it('a garbage and an unreadable .att layer next to good provenance: verified, bad ones reported', async () => {
    await addGarbage(attestationTag(digests.attGarbage!), COSIGN_MEDIA_TYPE.dsseEnvelope)
    const [verdict] = await verifyProvenance({
      subjects: [subject('attGarbage')],
      resolveStore: env.resolveStore,
      policy: { mode: 'require' },
      identity: FULL,
      trustRoot: env.trustRoot(),
      trustedKeys: [key]
    })
    expect(verdict!.status).toBe('verified')
    expect(verdict!.blocking).toBe(false)
    expect(verdict!.candidates.map((c) => c.status)).toEqual(['verified', 'invalid', 'invalid'])
    expect(verdict!.warnings).toEqual([
      expect.stringMatching(/^att-tag layer 1: blob digest\/size mismatch/),
      expect.stringMatching(/^att-tag layer 2: attestation layer is not JSON/)
    ])
  })
})
