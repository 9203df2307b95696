// Keyed signing (no Fulcio, no log: the air-gapped setup): legacy and bundle formats verify with
// the public key, idempotently; another key does not verify; a bad PEM is a clear error.
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { signatureTag } from '../../src/trust/cosign/constants.js'
import { COSIGN_ANNOTATION } from '../../src/trust/cosign/constants.js'
import { parseManifestJson } from '../../src/trust/oci/store-io.js'
import { attestPromoted } from '../../src/trust/phases/attest.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { validateSignatures } from '../../src/trust/phases/validate.js'
import { createKeyedSigner } from '../../src/trust/signing/keyed-signer.js'
import { startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
let digest: string
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const pem = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const signer = () => createKeyedSigner({ privateKeyPEM: pem })

beforeAll(async () => {
  env = await startTrustEnv()
  digest = await env.pushTestImage('keyed/app', 'keyed-app')
})
afterAll(() => env.stop())

const subjects = () => [{ repository: `${env.registry.host}/keyed/app`, digest, positions: [] }]

describe('keyed signing', () => {
  it('signs both formats without any sigstore service, and verifies with the public key', async () => {
    const before = { ...env.mocks.stats }
    const verdicts = await signPromoted({
      images: [env.promoted(['keyed/app'], digest)],
      resolveStore: env.resolveStore,
      signer: signer(),
      format: 'both'
    })
    expect(verdicts.map((v) => [v.status, v.written])).toEqual([['signed', ['legacy', 'bundle']]])
    expect(env.mocks.stats).toEqual(before)
    const at = env.resolveStore(`${env.registry.host}/keyed/app`)
    const layer = parseManifestJson(await at.store.manifestGet(at.repo, signatureTag(digest)))
      .layers[0]!
    expect(Object.keys(layer.annotations!)).toEqual([COSIGN_ANNOTATION.signature])
    const [verdict] = await validateSignatures({
      subjects: subjects(),
      resolveStore: env.resolveStore,
      policy: {},
      trustedKeys: [keys.publicKey]
    })
    expect(verdict!.status).toBe('verified')
    expect(verdict!.candidates.map((c) => [c.source, c.status])).toEqual([
      ['sig-tag', 'verified'],
      ['referrer', 'verified']
    ])
  })

  it('is idempotent', async () => {
    const verdicts = await signPromoted({
      images: [env.promoted(['keyed/app'], digest)],
      resolveStore: env.resolveStore,
      signer: signer(),
      format: 'both'
    })
    expect(verdicts[0]!.status).toBe('already-signed')
  })

  it('does not verify with another key', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
    const [verdict] = await validateSignatures({
      subjects: subjects(),
      resolveStore: env.resolveStore,
      policy: {},
      trustedKeys: [other]
    })
    expect(verdict!.status).toBe('failed')
  })

  it('attests with the key', async () => {
    const [verdict] = await attestPromoted({
      images: [env.promoted(['keyed/app'], digest)],
      resolveStore: env.resolveStore,
      signer: signer(),
      builderId: 'test'
    })
    expect(verdict!.status).toBe('attested')
  })

  it('replicates signature artifacts to the other destinations', async () => {
    const replicated = await env.pushTestImage('keyed/mirror', 'keyed-app')
    expect(replicated).toBe(digest)
    const images = [env.promoted(['keyed/app', 'keyed/mirror'], digest)]
    const [verdict] = await signPromoted({
      images,
      resolveStore: env.resolveStore,
      signer: signer(),
      format: 'both',
      replicate: true
    })
    expect(verdict).toMatchObject({
      status: 'already-signed',
      replicatedTo: [`${env.registry.host}/keyed/mirror`]
    })
    const mirror = [{ repository: `${env.registry.host}/keyed/mirror`, digest, positions: [] }]
    const [check] = await validateSignatures({
      subjects: mirror,
      resolveStore: env.resolveStore,
      policy: {},
      trustedKeys: [keys.publicKey]
    })
    expect(check!.candidates.map((c) => [c.source, c.status])).toEqual([
      ['sig-tag', 'verified'],
      ['referrer', 'verified']
    ])
    await signPromoted({
      images,
      resolveStore: env.resolveStore,
      signer: signer(),
      format: 'both',
      replicate: true
    })
    const [again] = await validateSignatures({
      subjects: mirror,
      resolveStore: env.resolveStore,
      policy: {},
      trustedKeys: [keys.publicKey]
    })
    expect(again!.candidates).toHaveLength(2)
  })

  it('rejects a key that is not PEM', () => {
    expect(() => createKeyedSigner({ privateKeyPEM: 'not a key' })).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_INVALID' })
    )
  })

  it('tagless: false (cip, as kpromo) leaves digests promoted without a tag unsigned', async () => {
    const tagless = await env.pushTestImage('keyed/tagless', 'keyed-tagless')
    const image = { ...env.promoted(['keyed/tagless'], tagless), tags: [] }
    const base = { resolveStore: env.resolveStore, signer: signer(), tagless: false }
    expect(await signPromoted({ ...base, images: [image] })).toEqual([])
    const tagged = await signPromoted({ ...base, images: [image, { ...image, tags: ['v1'] }] })
    expect(tagged.map((v) => v.status)).toEqual(['signed'])
  })
})
