// Keyless signing against the sigstore mocks and a real registry: both formats, index children,
// cosign's exact `.sig` media types and annotation keys, one Fulcio certificate per run, and
// idempotency; then the validate phase on what was written.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import {
  COSIGN_ANNOTATION,
  COSIGN_MEDIA_TYPE,
  signatureTag
} from '../../src/trust/cosign/constants.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { validateSignatures } from '../../src/trust/phases/validate.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
let image: string
let index: { digest: string; children: string[] }

beforeAll(async () => {
  env = await startTrustEnv()
  image = await env.pushTestImage('prod/app', 'keyless-app', ['v1'])
  index = await env.pushTestIndex('prod/multi', 'keyless-multi', ['v2'])
})
afterAll(() => env.stop())

describe('signPromoted (keyless)', () => {
  it('signs images and index children in both formats with one Fulcio certificate', async () => {
    const signer = env.keylessSigner()
    const verdicts = await signPromoted({
      images: [env.promoted(['prod/app'], image), env.promoted(['prod/multi'], index.digest, [])],
      resolveStore: env.resolveStore,
      signer,
      trustRoot: env.trustRoot(),
      format: 'both',
      annotations: { 'org.kubernetes.kpromo.version': 'kpromo-test' }
    })
    expect(verdicts.map((v) => [v.digest, v.status, v.written])).toEqual([
      [image, 'signed', ['legacy', 'bundle']],
      [index.digest, 'signed', ['legacy', 'bundle']],
      [index.children[0], 'signed', ['legacy', 'bundle']],
      [index.children[1], 'signed', ['legacy', 'bundle']]
    ])
    expect(signer.certificateRequests()).toBe(1)
    expect(env.mocks.stats.fulcio).toBe(1)
  })

  it('writes the .sig image exactly as cosign does', async () => {
    const { store, repo } = env.resolveStore(`${env.registry.host}/prod/app`)
    const manifest = JSON.parse(
      Buffer.from((await store.manifestGet(repo, signatureTag(image))).bytes).toString()
    )
    expect(manifest.mediaType).toBe(MEDIA_TYPE.ociManifest)
    expect(manifest.config.mediaType).toBe(MEDIA_TYPE.ociConfig)
    expect(manifest.layers).toHaveLength(1)
    const layer = manifest.layers[0]
    expect(layer.mediaType).toBe(COSIGN_MEDIA_TYPE.simpleSigning)
    expect(Object.keys(layer.annotations).sort()).toEqual(
      [
        COSIGN_ANNOTATION.signature,
        COSIGN_ANNOTATION.certificate,
        COSIGN_ANNOTATION.chain,
        COSIGN_ANNOTATION.bundle,
        COSIGN_ANNOTATION.rfc3161Timestamp
      ].sort()
    )
    const reader = await store.blobGet(repo, layer.digest)
    const chunks: Buffer[] = []
    for await (const c of reader.stream) chunks.push(c as Buffer)
    expect(Buffer.concat(chunks).toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"${env.registry.host}/prod/app"},"image":{"docker-manifest-digest":"${image}"},"type":"cosign container image signature"},"optional":{"org.kubernetes.kpromo.version":"kpromo-test"}}`
    )
  })

  it('signs nothing on a second run', async () => {
    const signer = env.keylessSigner()
    const before = env.mocks.stats.rekor
    const verdicts = await signPromoted({
      images: [env.promoted(['prod/app'], image), env.promoted(['prod/multi'], index.digest)],
      resolveStore: env.resolveStore,
      signer,
      trustRoot: env.trustRoot(),
      format: 'both'
    })
    expect(verdicts.every((v) => v.status === 'already-signed')).toBe(true)
    // One certificate, for the identity to compare with; nothing signed, nothing logged.
    expect(signer.certificateRequests()).toBe(1)
    expect(env.mocks.stats.rekor).toBe(before)
  })

  it('appends to an existing .sig instead of replacing other signatures', async () => {
    const other = env.keylessSigner('someone-else@example.com', SIGNER_ISSUER)
    await signPromoted({
      images: [env.promoted(['prod/app'], image)],
      resolveStore: env.resolveStore,
      signer: other,
      trustRoot: env.trustRoot(),
      format: 'legacy'
    })
    const { store, repo } = env.resolveStore(`${env.registry.host}/prod/app`)
    const manifest = JSON.parse(
      Buffer.from((await store.manifestGet(repo, signatureTag(image))).bytes).toString()
    )
    expect(manifest.layers).toHaveLength(2)
  })
})

describe('validateSignatures', () => {
  const subjects = () => [
    { repository: `${env.registry.host}/prod/app`, digest: image, positions: [] },
    { repository: `${env.registry.host}/prod/multi`, digest: index.children[1]!, positions: [] }
  ]

  it('verifies with the right identity', async () => {
    const verdicts = await validateSignatures({
      subjects: subjects(),
      resolveStore: env.resolveStore,
      policy: { identity: SIGNER_ID, issuer: SIGNER_ISSUER },
      trustRoot: env.trustRoot()
    })
    expect(verdicts.map((v) => v.status)).toEqual(['verified', 'verified'])
  })

  it('fails for a wrong identity, with a clear error', async () => {
    const [v] = await validateSignatures({
      subjects: subjects(),
      resolveStore: env.resolveStore,
      policy: {
        identity: 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com',
        issuer: SIGNER_ISSUER
      },
      trustRoot: env.trustRoot()
    })
    expect(v!.status).toBe('failed')
    expect(v!.error?.code).toBe('SIGNATURE_INVALID')
    expect(v!.message).toMatch(/expected "krel-staging@/)
    expect(v!.candidates.every((c) => c.status === 'foreign')).toBe(true)
  })

  it('fails for a wrong issuer', async () => {
    const [v] = await validateSignatures({
      subjects: subjects(),
      resolveStore: env.resolveStore,
      policy: { identity: SIGNER_ID, issuer: 'https://token.actions.githubusercontent.com' },
      trustRoot: env.trustRoot()
    })
    expect(v!.status).toBe('failed')
    expect(v!.message).toMatch(/issuer is "https:\/\/accounts.google.com"/)
  })

  it('matches identity regexps unanchored, and a regexp wins over the exact value', async () => {
    const [v] = await validateSignatures({
      subjects: subjects(),
      resolveStore: env.resolveStore,
      policy: {
        identity: 'nobody',
        identityRegexp: 'krel-(trust|staging)@',
        issuerRegexp: '^https://accounts\\.google\\.com$'
      },
      trustRoot: env.trustRoot()
    })
    expect(v!.status).toBe('verified')
  })

  it('passes an unsigned image and fails on an untrusted CA', async () => {
    const unsigned = await env.pushTestImage('prod/unsigned', 'unsigned-app')
    const otherMocks = await (await import('../harness/sigstore-mock.js')).startSigstoreMocks()
    try {
      const { createTrustRootProvider } = await import('../../src/trust/trust-root.js')
      const verdicts = await validateSignatures({
        subjects: [
          ...subjects().slice(0, 1),
          { repository: `${env.registry.host}/prod/unsigned`, digest: unsigned, positions: [] }
        ],
        resolveStore: env.resolveStore,
        policy: { identity: SIGNER_ID, issuer: SIGNER_ISSUER },
        trustRoot: createTrustRootProvider({ trustedRootPath: otherMocks.trustedRootPath })
      })
      expect(verdicts.map((v) => v.status)).toEqual(['failed', 'unsigned'])
      // the foreign instance's TSA, CA and log are all untrusted; sigstore-js reports the first
      expect(
        verdicts[0]!.candidates.every(
          (c) => c.status === 'invalid' && c.code === 'SIGNATURE_INVALID'
        )
      ).toBe(true)
      expect(verdicts[0]!.candidates.map((c) => c.detail)).toContain('TIMESTAMP_ERROR')
    } finally {
      await otherMocks.stop()
    }
  })
})
