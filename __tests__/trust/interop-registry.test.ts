// The cosign `.sig` and `.att` interop cases pushed to a real registry (layout and config exactly
// as cosign writes them) and judged by the validate and provenance phases against the trusted root
// each case names (mostly public-good). The layer-digest-mismatch case cannot be stored by a
// registry (it refuses a manifest naming a missing blob); it is covered in interop-cosign-layers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Descriptor } from '../../src/oci/store.js'
import { buildSignatureImage } from '../../src/trust/cosign/sig-image.js'
import { putBlob } from '../../src/trust/oci/store-io.js'
import { verifyProvenance } from '../../src/trust/phases/provenance.js'
import { validateSignatures } from '../../src/trust/phases/validate.js'
import { staticTrustRoot } from '../../src/trust/trust-root.js'
import { loadCases, type FixtureCase } from './sigstore-fixtures.js'
import { startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
beforeAll(async () => {
  env = await startTrustEnv()
})
afterAll(() => env.stop())

async function pushCase(c: FixtureCase, blobFile: string, tag: string): Promise<string> {
  const repository = `${env.registry.host}/interop/${c.name}`
  const at = env.resolveStore(repository)
  const manifest = JSON.parse(
    (c.file('manifest.json') ?? c.file('manifest.reconstructed.json'))!.toString()
  )
  const layers = manifest.layers as Descriptor[]
  await putBlob(at.store, at.repo, c.file(blobFile)!)
  const image = buildSignatureImage(layers)
  await putBlob(at.store, at.repo, image.config)
  await at.store.manifestPut(at.repo, tag, {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    bytes: image.manifest
  })
  return repository
}

const storable = (c: FixtureCase) => c.name !== 'neg-k8s-layer-digest-mismatch'

describe('cosign .sig cases through validateSignatures', () => {
  it.each(
    loadCases('cosign-legacy')
      .filter(storable)
      .map((c) => [c.name, c] as const)
  )('%s', async (_n, c) => {
    const repository = await pushCase(c, 'payload.json', c.expect.sigTag!)
    const [verdict] = await validateSignatures({
      subjects: [{ repository, digest: c.expect.imageDigest!, positions: [] }],
      resolveStore: env.resolveStore,
      policy: { identity: c.expect.identity, issuer: c.expect.issuer },
      trustRoot: staticTrustRoot(c.trustedRoot())
    })
    expect(verdict!.status).toBe(c.expect.verify ? 'verified' : 'failed')
  })
})

describe('cosign .att cases through verifyProvenance', () => {
  it.each(loadCases('cosign-att').map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const repository = await pushCase(c, 'envelope.json', c.expect.attTag!)
    const signer = { identity: c.expect.identity, issuer: c.expect.issuer }
    const [verdict] = await verifyProvenance({
      subjects: [{ repository, digest: c.expect.imageDigest!, positions: [] }],
      resolveStore: env.resolveStore,
      policy: { mode: 'require', predicateTypes: [c.expect.predicateType!] },
      identity: signer,
      trustRoot: staticTrustRoot(c.trustedRoot())
    })
    expect(verdict!.status === 'verified').toBe(c.expect.verify)
    expect(verdict!.blocking).toBe(!c.expect.verify)
  })
})
