// kpromo's signing fidelity (cip): the staging `.sig` is copied to the signing registry before
// we sign, our signature carries the payload annotation, and a copied staging signature never
// stands in for ours (another key's signature for the same name does not make us skip signing).
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { signatureTag } from '../../src/trust/cosign/constants.js'
import { parseManifestJson, readBlob } from '../../src/trust/oci/store-io.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { validateSignatures } from '../../src/trust/phases/validate.js'
import { createKeyedSigner } from '../../src/trust/signing/keyed-signer.js'
import type { PromotedImage } from '../../src/trust/phases/types.js'
import { startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
let digest: string
const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' })
const ours = keyPair()
const staging = keyPair()
const signerOf = (k: ReturnType<typeof keyPair>) =>
  createKeyedSigner({
    privateKeyPEM: k.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  })
const ANNOTATION = { 'org.kubernetes.kpromo.version': 'image-promoter-v0.1.0' }

beforeAll(async () => {
  env = await startTrustEnv()
  digest = await env.pushTestImage('staging/app', 'copy-app', ['v1'])
  expect(await env.pushTestImage('prod/app', 'copy-app', ['v1'])).toBe(digest)
  // The staging signature: another signer, for the production name (the case that must not
  // pass for ours).
  await signPromoted({
    images: [env.promoted(['staging/app'], digest)],
    resolveStore: env.resolveStore,
    signer: signerOf(staging),
    identityRewrites: [{ from: `${env.registry.host}/staging`, to: `${env.registry.host}/prod` }]
  })
})
afterAll(() => env.stop())

const image = (): PromotedImage => ({
  ...env.promoted(['prod/app'], digest),
  source: `${env.registry.host}/staging/app`
})

async function sigLayers(repo: string): Promise<string[]> {
  const at = env.resolveStore(`${env.registry.host}/${repo}`)
  const manifest = parseManifestJson(await at.store.manifestGet(at.repo, signatureTag(digest)))
  return manifest.layers.map((l) => l.digest)
}

async function verifiesWith(key: ReturnType<typeof keyPair>): Promise<boolean> {
  const [verdict] = await validateSignatures({
    subjects: [{ repository: `${env.registry.host}/prod/app`, digest, positions: [] }],
    resolveStore: env.resolveStore,
    policy: {},
    trustedKeys: [key.publicKey]
  })
  return verdict!.status === 'verified'
}

/** Sign the promoted image with our key, the staging signature copied first, with the annotation. */
const signOursCopyingStaging = () =>
  signPromoted({
    images: [image()],
    resolveStore: env.resolveStore,
    signer: signerOf(ours),
    annotations: ANNOTATION,
    copyStaging: true
  })

describe('signing with the staging .sig copied first (kpromo)', () => {
  it('copies the staging signature, then appends ours with the annotation', async () => {
    const [stagingLayer] = await sigLayers('staging/app')
    const verdicts = await signOursCopyingStaging()
    // The copied staging signature (same name, another key) did not count as ours.
    expect(verdicts.map((v) => [v.status, v.written])).toEqual([['signed', ['legacy']]])
    const layers = await sigLayers('prod/app')
    expect(layers).toHaveLength(2)
    expect(layers[0]).toBe(stagingLayer)
    const at = env.resolveStore(`${env.registry.host}/prod/app`)
    const mine = parseManifestJson(await at.store.manifestGet(at.repo, signatureTag(digest)))
      .layers[1]!
    const payload = JSON.parse((await readBlob(at.store, at.repo, mine)).toString('utf8')) as {
      optional: unknown
    }
    expect(payload.optional).toEqual(ANNOTATION)
    expect(await verifiesWith(ours)).toBe(true)
    expect(await verifiesWith(staging)).toBe(true)
  })

  it('is idempotent: a rerun adds nothing', async () => {
    const before = await sigLayers('prod/app')
    const verdicts = await signOursCopyingStaging()
    expect(verdicts.map((v) => v.status)).toEqual(['already-signed'])
    expect(await sigLayers('prod/app')).toEqual(before)
  })

  it('a digest unsigned in staging is signed with ours alone', async () => {
    const other = await env.pushTestImage('staging/plain', 'copy-plain', ['v1'])
    expect(await env.pushTestImage('prod/plain', 'copy-plain', ['v1'])).toBe(other)
    const plain = {
      ...env.promoted(['prod/plain'], other),
      source: `${env.registry.host}/staging/plain`
    }
    const verdicts = await signPromoted({
      images: [plain],
      resolveStore: env.resolveStore,
      signer: signerOf(ours),
      copyStaging: true
    })
    expect(verdicts.map((v) => v.status)).toEqual(['signed'])
    const at = env.resolveStore(`${env.registry.host}/prod/plain`)
    expect(
      parseManifestJson(await at.store.manifestGet(at.repo, signatureTag(other))).layers
    ).toHaveLength(1)
  })
})
