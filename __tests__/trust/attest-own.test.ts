// "Ours" is one rule for sign, attest and replication: an attestation or signature by another
// signer neither suppresses ours nor gets copied; ours are copied to every destination, once.
import type { StoreRepo } from '../../src/oci/store.js'
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { COSIGN_SIGN_PREDICATE, signatureTag } from '../../src/trust/cosign/constants.js'
import { listBundleReferrers } from '../../src/trust/oci/bundle-referrers.js'
import { readLayerDescriptors } from '../../src/trust/oci/attached-image.js'
import { attestPromoted } from '../../src/trust/phases/attest.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { createKeyedSigner } from '../../src/trust/signing/keyed-signer.js'
import { PROMOTION_PREDICATE_TYPE } from '../../src/trust/statement.js'
import { createTrustRootProvider, type TrustRootProvider } from '../../src/trust/trust-root.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

const OTHER_ID = 'someone-else@example.com'
const OTHER_ISSUER = 'https://token.actions.githubusercontent.com'
let env: TrustEnv

beforeAll(async () => {
  env = await startTrustEnv()
})
afterAll(() => env.stop())

const at = (repo: string): StoreRepo => env.resolveStore(`${env.registry.host}/${repo}`)
const attestations = async (repo: string, digest: string) =>
  (await listBundleReferrers(at(repo), digest))
    .filter((r) => r.predicateType === PROMOTION_PREDICATE_TYPE)
    .map((r) => r.digest)
    .sort()

describe('attestation by another signer', () => {
  it('does not suppress ours (keyless); a re-run adds nothing', async () => {
    const digest = await env.pushTestImage('own/keyless', 'own-keyless')
    const images = [env.promoted(['own/keyless'], digest)]
    const [foreign] = await attestPromoted({
      images,
      resolveStore: env.resolveStore,
      signer: env.keylessSigner(OTHER_ID, SIGNER_ISSUER),
      trustRoot: env.trustRoot(),
      builderId: 'someone-else'
    })
    expect(foreign!.status).toBe('attested')

    const signer = env.keylessSigner()
    const [verdict] = await attestPromoted({
      images,
      resolveStore: env.resolveStore,
      signer,
      trustRoot: env.trustRoot(),
      builderId: 'test'
    })
    expect(verdict!.status).toBe('attested')
    expect(verdict!.referrer).not.toBe(foreign!.referrer)
    expect(await attestations('own/keyless', digest)).toEqual(
      [foreign!.referrer!, verdict!.referrer!].sort()
    )

    const rekor = env.mocks.stats.rekor
    const rerun = env.keylessSigner()
    const [again] = await attestPromoted({
      images,
      resolveStore: env.resolveStore,
      signer: rerun,
      trustRoot: env.trustRoot(),
      builderId: 'test'
    })
    expect(again).toMatchObject({ status: 'already-attested', referrer: verdict!.referrer })
    // One certificate, for the identity to compare with; nothing signed, nothing logged.
    expect(rerun.certificateRequests()).toBe(1)
    expect(env.mocks.stats.rekor).toBe(rekor)
    expect(await attestations('own/keyless', digest)).toHaveLength(2)
  })

  it('does not suppress ours (keyless: same identity from another issuer is another signer)', async () => {
    const digest = await env.pushTestImage('own/issuer', 'own-issuer')
    const images = [env.promoted(['own/issuer'], digest)]
    const attest = (signer = env.keylessSigner()) =>
      attestPromoted({
        images,
        resolveStore: env.resolveStore,
        signer,
        trustRoot: env.trustRoot(),
        builderId: 'test'
      })
    const [foreign] = await attest(env.keylessSigner(SIGNER_ID, OTHER_ISSUER))
    const [verdict] = await attest()
    expect([foreign!.status, verdict!.status]).toEqual(['attested', 'attested'])
    expect(await attestations('own/issuer', digest)).toEqual(
      [foreign!.referrer!, verdict!.referrer!].sort()
    )
  })

  it('does not suppress ours (keyed: another key is another signer)', async () => {
    const digest = await env.pushTestImage('own/keyed', 'own-keyed')
    const images = [env.promoted(['own/keyed'], digest)]
    const keyOf = () =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString()
    const mine = keyOf()
    const [foreign] = await attestPromoted({
      images,
      resolveStore: env.resolveStore,
      signer: createKeyedSigner({ privateKeyPEM: keyOf() }),
      builderId: 'someone-else'
    })
    const run = () =>
      attestPromoted({
        images,
        resolveStore: env.resolveStore,
        signer: createKeyedSigner({ privateKeyPEM: mine }),
        builderId: 'test'
      })
    const [verdict] = await run()
    expect(verdict!.status).toBe('attested')
    expect(await attestations('own/keyed', digest)).toEqual(
      [foreign!.referrer!, verdict!.referrer!].sort()
    )
    const [again] = await run()
    expect(again).toMatchObject({ status: 'already-attested', referrer: verdict!.referrer })
    expect(await attestations('own/keyed', digest)).toHaveLength(2)
  })

  it('a trusted root that cannot be read fails the attestation, it does not attest again', async () => {
    const digest = await env.pushTestImage('own/no-root', 'own-no-root')
    const images = [env.promoted(['own/no-root'], digest)]
    const attest = (trustRoot: TrustRootProvider) =>
      attestPromoted({
        images,
        resolveStore: env.resolveStore,
        signer: env.keylessSigner(),
        trustRoot,
        builderId: 'test'
      })
    const [first] = await attest(env.trustRoot())
    expect(first!.status).toBe('attested')
    const missing = createTrustRootProvider({ trustedRootPath: '/nonexistent/trusted_root.json' })
    const [again] = await attest(missing)
    expect(again!.status).toBe('failed')
    expect(await attestations('own/no-root', digest)).toEqual([first!.referrer])
  })
})

describe('replicate-signatures', () => {
  const repos = ['own/app', 'own/mirror-a', 'own/mirror-b']
  let digest: string

  beforeAll(async () => {
    for (const repo of repos) digest = await env.pushTestImage(repo, 'own-replicated')
    // Another signer signed and attested the image in the signing repository first.
    const images = [env.promoted(['own/app'], digest)]
    const other = env.keylessSigner(OTHER_ID, SIGNER_ISSUER)
    await signPromoted({
      images,
      resolveStore: env.resolveStore,
      signer: other,
      trustRoot: env.trustRoot(),
      format: 'both'
    })
    await attestPromoted({
      images,
      resolveStore: env.resolveStore,
      signer: other,
      trustRoot: env.trustRoot(),
      builderId: 'someone-else'
    })
  })

  const run = async () => {
    const images = [env.promoted(repos, digest)]
    const signer = env.keylessSigner()
    const signed = await signPromoted({
      images,
      resolveStore: env.resolveStore,
      signer,
      trustRoot: env.trustRoot(),
      format: 'both',
      replicate: true
    })
    const attested = await attestPromoted({
      images,
      resolveStore: env.resolveStore,
      signer,
      trustRoot: env.trustRoot(),
      replicate: true,
      builderId: 'test'
    })
    return { signed, attested }
  }

  it('copies our signatures and attestations, and only ours, to every destination', async () => {
    const { signed, attested } = await run()
    const mirrors = repos.slice(1).map((r) => `${env.registry.host}/${r}`)
    expect(signed.map((v) => [v.status, v.replicatedTo])).toEqual([['signed', mirrors]])
    expect(attested.map((v) => [v.status, v.replicatedTo])).toEqual([['attested', mirrors]])
    // The source holds two signatures and two attestations: the other signer's and ours.
    expect(await listBundleReferrers(at('own/app'), digest)).toHaveLength(4)
    const sourceLayers = await readLayerDescriptors(at('own/app'), signatureTag(digest))
    expect(sourceLayers).toHaveLength(2)
    for (const mirror of repos.slice(1)) {
      const referrers = await listBundleReferrers(at(mirror), digest)
      expect(referrers.map((r) => r.predicateType).sort()).toEqual(
        [COSIGN_SIGN_PREDICATE, PROMOTION_PREDICATE_TYPE].sort()
      )
      expect(referrers.find((r) => r.predicateType === PROMOTION_PREDICATE_TYPE)!.digest).toBe(
        attested[0]!.referrer
      )
      // Our `.sig` layer is the second one at the source (the other signer's came first).
      const layers = await readLayerDescriptors(at(mirror), signatureTag(digest))
      expect(layers.map((l) => l.digest)).toEqual([sourceLayers[1]!.digest])
      expect(layers[0]!.annotations).toEqual(sourceLayers[1]!.annotations)
    }
  })

  it('copies nothing more on a re-run', async () => {
    const { signed, attested } = await run()
    expect(signed[0]!.status).toBe('already-signed')
    expect(attested[0]!.status).toBe('already-attested')
    for (const mirror of repos.slice(1)) {
      expect(await listBundleReferrers(at(mirror), digest)).toHaveLength(2)
      expect(await readLayerDescriptors(at(mirror), signatureTag(digest))).toHaveLength(1)
    }
  })
})
