// Bundle-format signing under concurrency: every referrer manifest needs the same empty config
// blob, so parallel signings in one repository upload it at the same moment. None may fail.
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sha256Digest } from '../../src/oci/digest.js'
import { COSIGN_SIGN_PREDICATE } from '../../src/trust/cosign/constants.js'
import { listBundleReferrers } from '../../src/trust/oci/bundle-referrers.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { createKeyedSigner } from '../../src/trust/signing/keyed-signer.js'
import { startTrustEnv, type TrustEnv } from './trust-env.js'

const EMPTY_CONFIG = sha256Digest(Buffer.from('{}'))

const COUNT = 20
let env: TrustEnv
let digests: string[]
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const pem = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()

beforeAll(async () => {
  env = await startTrustEnv()
  digests = []
  for (let i = 0; i < COUNT; i++)
    digests.push(await env.pushTestImage('concurrent/app', `concurrent-${i}`))
})
afterAll(() => env.stop())

describe('concurrent bundle-format signing', () => {
  it(`signs ${COUNT} digests of one repository at once, uploading the empty config once`, async () => {
    const mark = await env.registry.accessLog.mark()
    const verdicts = await signPromoted({
      images: digests.map((d) => env.promoted(['concurrent/app'], d)),
      resolveStore: env.resolveStore,
      signer: createKeyedSigner({ privateKeyPEM: pem }),
      format: 'bundle',
      concurrency: COUNT
    })
    expect(verdicts.filter((v) => v.status !== 'signed').map((v) => v.error?.message)).toEqual([])
    const at = env.resolveStore(`${env.registry.host}/concurrent/app`)
    for (const digest of digests) {
      const referrers = await listBundleReferrers(at, digest)
      expect(referrers.map((r) => r.predicateType)).toEqual([COSIGN_SIGN_PREDICATE])
    }
    // Parallel uploads of one digest are what some registries fail; the store io shares one.
    const uploads = (await env.registry.accessLog.entries(mark)).filter(
      (e) => e.method === 'PUT' && decodeURIComponent(e.path).includes(`digest=${EMPTY_CONFIG}`)
    )
    expect(uploads.length).toBe(1)
  })
})
