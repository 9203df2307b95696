// The cosign `.sig` and `.att` interop cases, judged layer by layer from their files (the registry
// round trip is in interop-registry.test.ts). Includes the layer-digest case a registry refuses.
import { describe, expect, it } from '@jest/globals'
import type { Descriptor } from '../../src/oci/store.js'
import { judgeAttestationLayer } from '../../src/trust/verify/attestation.js'
import { createBundleVerifier } from '../../src/trust/verify/bundle-verifier.js'
import { judgeSignatureLayer } from '../../src/trust/verify/signature-layer.js'
import type { VerifyContext } from '../../src/trust/verify/context.js'
import { loadCases, type FixtureCase } from './sigstore-fixtures.js'

function context(c: FixtureCase): VerifyContext {
  return {
    verifier: createBundleVerifier({ trustedRoot: c.trustedRoot() }),
    policy: { identity: c.expect.identity, issuer: c.expect.issuer },
    digest: c.expect.imageDigest!
  }
}

function layersOf(c: FixtureCase): Descriptor[] {
  const manifest = c.file('manifest.json') ?? c.file('manifest.reconstructed.json')
  return (JSON.parse(manifest!.toString('utf8')) as { layers: Descriptor[] }).layers
}

describe('cosign legacy .sig fixtures', () => {
  it.each(loadCases('cosign-legacy').map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const ctx = context(c)
    const verdicts = layersOf(c).map((layer, i) =>
      judgeSignatureLayer(ctx, layer, c.file('payload.json')!, i)
    )
    const verified = verdicts.some((v) => v.status === 'verified')
    expect(verified).toBe(c.expect.verify)
    // key-signed layers are skipped, never fail the image
    if (c.name.startsWith('gcp-sa-')) expect(verdicts[0]!.status).toBe('skipped')
  })
})

describe('cosign .att fixtures', () => {
  it.each(loadCases('cosign-att').map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const ctx = context(c)
    const verdicts = layersOf(c).map((layer, i) =>
      judgeAttestationLayer(ctx, layer, c.file('envelope.json')!, i, [c.expect.predicateType!])
    )
    expect(verdicts.some((v) => v.status === 'verified')).toBe(c.expect.verify)
    if (!c.expect.verify) expect(verdicts.every((v) => v.reason)).toBe(true)
  })
})
