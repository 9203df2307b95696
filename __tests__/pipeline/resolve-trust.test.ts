// The trust defaults, resolved in one place (resolveTrust, reached through resolveRunOptions): the
// trust phases read only this value, so every default and derived decision is pinned here.
import { describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { resolveRunOptions } from '../../src/pipeline/resolve-options.js'
import { attestationCommit, resolveTrust } from '../../src/pipeline/resolve-trust.js'
import {
  DEFAULT_BUILDER_ID,
  type SignerOptions,
  type TrustOptions
} from '../../src/pipeline/trust-options.js'
import { DEFAULT_TRUST_CONCURRENCY } from '../../src/trust/phases/types.js'
import { DEFAULT_VULN_POLICY, type VulnPolicy } from '../../src/vuln/index.js'

const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
const IDENTITY = { identity: 'release@example.com', issuer: 'https://accounts.example.com' }
const KEYED: SignerOptions = { kind: 'keyed', privateKeyPEM: 'unused: never loaded here' }
const KEYLESS: SignerOptions = {
  kind: 'keyless',
  fulcioURL: 'https://fulcio.example',
  getIdentityToken: async () => 'token'
}

describe('resolveTrust', () => {
  it('gives every default a value, once', () => {
    expect(resolveTrust(undefined, false)).toEqual({
      identity: {},
      trustedKeys: [],
      provenance: { mode: 'warn' },
      vuln: undefined,
      validateSignatures: false,
      verifyWithTrustRoot: true,
      trustRoot: {},
      signs: false,
      signer: undefined,
      signWithTrustRoot: false,
      rekorURL: undefined,
      tsaURL: undefined,
      signatureFormat: 'legacy',
      signingRegistry: undefined,
      identityRewrites: [],
      replicateSignatures: false,
      signTagless: true,
      signatureAnnotations: undefined,
      copyStagingSignatures: false,
      builderId: DEFAULT_BUILDER_ID,
      gitCommit: undefined,
      manifestUri: undefined,
      repositoryRoot: undefined,
      promoter: undefined,
      job: undefined,
      verificationSummaries: false,
      concurrency: DEFAULT_TRUST_CONCURRENCY
    })
  })

  it('keeps what the adapters gave', () => {
    const given: TrustOptions = {
      provenance: { mode: 'require', builders: ['https://builder'] },
      signatureFormat: 'both',
      identityRewrites: [{ from: 'a', to: 'b' }],
      replicateSignatures: true,
      builderId: 'https://k8s.io/promo-tools@v4',
      gitCommit: 'abc123',
      concurrency: 3,
      trustRoot: { trustedRootPath: '/root.json' }
    }
    expect(resolveTrust(given, true)).toMatchObject(given)
  })

  it('checks staging signatures only when asked (default yes) and somebody is trusted', () => {
    const validates = (trust: TrustOptions) => resolveTrust(trust, true).validateSignatures
    expect(validates({})).toBe(false)
    expect(validates({ validateSignatures: true })).toBe(false)
    expect(validates({ identity: IDENTITY })).toBe(true)
    expect(validates({ trustedKeys: [KEY] })).toBe(true)
    expect(validates({ identity: IDENTITY, validateSignatures: false })).toBe(false)
  })

  it('verifies without the trusted root only for a keys-only policy', () => {
    const usesRoot = (trust: TrustOptions) => resolveTrust(trust, true).verifyWithTrustRoot
    expect(usesRoot({ trustedKeys: [KEY] })).toBe(false)
    expect(usesRoot({})).toBe(true)
    expect(usesRoot({ trustedKeys: [KEY], identity: IDENTITY })).toBe(true)
    expect(usesRoot({ trustedKeys: [KEY], trustRoot: { trustedRootPath: '/r.json' } })).toBe(true)
    expect(usesRoot({ trustedKeys: [KEY], trustRoot: { tufMirrorURL: 'https://tuf' } })).toBe(true)
  })

  it('signs on a confirmed run with a signer unless signing is off', () => {
    expect(resolveTrust({ signer: KEYED }, true).signs).toBe(true)
    expect(resolveTrust({ signer: KEYED }, false).signs).toBe(false)
    expect(resolveTrust({ signer: KEYED, sign: false }, true).signs).toBe(false)
    expect(resolveTrust({ sign: true }, true).signs).toBe(false)
  })

  it('checks our own signatures against the trusted root when keyless, logged or timestamped', () => {
    const rooted = (trust: TrustOptions) => resolveTrust(trust, true).signWithTrustRoot
    expect(rooted({ signer: KEYLESS })).toBe(true)
    expect(rooted({ signer: KEYED })).toBe(false)
    expect(rooted({ signer: KEYED, rekorURL: 'https://rekor' })).toBe(true)
    expect(rooted({ signer: KEYED, tsaURL: 'https://tsa' })).toBe(true)
  })

  it('keeps the vulnerability policy only when the gate is on', () => {
    expect(resolveTrust({ vuln: DEFAULT_VULN_POLICY }, true).vuln).toBeUndefined()
    const on: VulnPolicy = { ...DEFAULT_VULN_POLICY, threshold: 4 }
    expect(resolveTrust({ vuln: on }, true).vuln).toBe(on)
  })

  it("names the option's commit in attestations, else the diff scope's head", () => {
    const changed = {
      kind: 'changed' as const,
      base: 'b',
      head: 'h1',
      lines: new Set<string>(),
      edges: new Set<never>(),
      removed: [],
      digests: new Set<string>()
    }
    expect(attestationCommit(resolveTrust({ gitCommit: 'c1' }, true), changed)).toBe('c1')
    expect(attestationCommit(resolveTrust({}, true), changed)).toBe('h1')
    expect(attestationCommit(resolveTrust({}, true), { kind: 'all' })).toBeUndefined()
    expect(attestationCommit(resolveTrust({}, true), undefined)).toBeUndefined()
  })
})

describe('resolveRunOptions', () => {
  it('resolves the trust options with the run, and a read-only run never signs', () => {
    const base = { manifest: 'promoter.yaml', trust: { signer: KEYED } }
    expect(resolveRunOptions({ ...base, confirm: true }, '/w').trust.signs).toBe(true)
    expect(resolveRunOptions({ ...base, confirm: true, readOnly: true }, '/w').trust.signs).toBe(
      false
    )
    expect(resolveRunOptions({ manifest: 'promoter.yaml' }, '/w').trust).toEqual(
      resolveTrust(undefined, false)
    )
  })
})
