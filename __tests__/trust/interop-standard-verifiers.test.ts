// Our outputs checked by implementations other than our verifier: bundles (signatures and promotion
// attestations) by the `sigstore` package's verify (trusted root via TUF from the mock mirror) and
// by @sigstore/verify's Verifier; DSSE and legacy `.sig` signatures by node:crypto and the openssl
// CLI. (Debian's skopeo is built with sigstore disabled, so containers-policy.json cannot be run
// here; the payload's docker-reference it would check is asserted instead.)
import { execFile } from 'node:child_process'
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  verify,
  X509Certificate
} from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON, type SerializedBundle } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import * as sigstore from 'sigstore'
import {
  COSIGN_ANNOTATION,
  COSIGN_SIGN_PREDICATE,
  signatureTag
} from '../../src/trust/cosign/constants.js'
import { listBundleReferrers, readReferrerBundle } from '../../src/trust/oci/bundle-referrers.js'
import { readAttachedLayers } from '../../src/trust/oci/attached-image.js'
import { attestPromoted } from '../../src/trust/phases/attest.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import type { IdentityRewrite } from '../../src/trust/phases/targets.js'
import { createKeyedSigner, type KeyedSignerOptions } from '../../src/trust/signing/keyed-signer.js'
import type { RunSigner } from '../../src/trust/signing/run-signer.js'
import { PROMOTION_PREDICATE_TYPE } from '../../src/trust/statement.js'
import { isSignatureLayer } from '../../src/trust/verify/signature-layer.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

const run = promisify(execFile)
let env: TrustEnv
let scratch: string
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const keyPEM = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const publicPEM = keys.publicKey.export({ format: 'pem', type: 'spki' }).toString()
/** Promoted under this name, signed for the public one (signing-identity-rewrite). */
const REWRITE: IdentityRewrite = { from: 'interop-std', to: 'registry.example/promoted' }

beforeAll(async () => {
  env = await startTrustEnv()
  scratch = mkdtempSync(join(tmpdir(), 'interop-std-'))
  writeFileSync(join(scratch, 'cosign.pub'), publicPEM)
})
afterAll(() => env.stop())

/** Promote-side work: sign (both formats) and attest one fresh image in `repo`. */
async function signAndAttest(repo: string, signer: RunSigner, rewrite = false) {
  const digest = await env.pushTestImage(repo, repo)
  const images = [env.promoted([repo], digest)]
  const common = {
    images,
    resolveStore: env.resolveStore,
    signer,
    trustRoot: env.trustRoot(),
    identityRewrites: rewrite ? [REWRITE] : []
  }
  const [signed] = await signPromoted({ ...common, format: 'both' })
  const [attested] = await attestPromoted({ ...common, builderId: 'test' })
  expect([signed!.status, attested!.status]).toEqual(['signed', 'attested'])
  return { digest, name: `${env.registry.host}/${repo}` }
}

async function bundleOf(repo: string, digest: string, predicateType: string) {
  const at = env.resolveStore(`${env.registry.host}/${repo}`)
  const referrer = (await listBundleReferrers(at, digest)).find(
    (r) => r.predicateType === predicateType
  )
  return JSON.parse((await readReferrerBundle(at, referrer!)).toString()) as SerializedBundle
}

async function sigLayer(repo: string, digest: string) {
  const at = env.resolveStore(`${env.registry.host}/${repo}`)
  const [layer] = (await readAttachedLayers(at, signatureTag(digest), isSignatureLayer))!
  return layer!
}

/** The `sigstore` package: trusted root fetched through TUF from the mock mirror. */
const sigstoreVerify = (bundle: SerializedBundle, options: sigstore.VerifyOptions = {}) =>
  sigstore.verify(bundle, {
    tufMirrorURL: env.mocks.tufMirrorURL,
    tufRootPath: env.mocks.tufRootPath,
    tufCachePath: mkdtempSync(join(tmpdir(), 'tuf-cache-')),
    ...options
  })
const ourKey = { keySelector: () => publicPEM }

/** The statement a DSSE bundle carries, and its signature checked with node:crypto over the PAE. */
function dsseStatement(bundle: SerializedBundle, key: Parameters<typeof verify>[2]) {
  const envelope = bundle.dsseEnvelope!
  const payload = Buffer.from(envelope.payload, 'base64')
  const type = Buffer.from(envelope.payloadType)
  const pae = Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload
  ])
  expect(verify('sha256', pae, key, Buffer.from(envelope.signatures[0]!.sig, 'base64'))).toBe(true)
  return JSON.parse(payload.toString()) as {
    predicateType: string
    subject: { name: string; digest: { sha256: string } }[]
  }
}

function keyedSigner(witnesses: Omit<KeyedSignerOptions, 'privateKeyPEM'>) {
  return createKeyedSigner({ privateKeyPEM: keyPEM, ...witnesses })
}

describe('bundles, checked by the sigstore package and @sigstore/verify', () => {
  it('keyless: signature and attestation verify for our identity, and not for another', async () => {
    const { digest, name } = await signAndAttest('interop-std/keyless', env.keylessSigner())
    for (const type of [COSIGN_SIGN_PREDICATE, PROMOTION_PREDICATE_TYPE]) {
      const bundle = await bundleOf('interop-std/keyless', digest, type)
      const signer = await sigstoreVerify(bundle, {
        certificateIdentityEmail: SIGNER_ID,
        certificateIssuer: SIGNER_ISSUER
      })
      expect(signer.identity?.subjectAlternativeName).toBe(SIGNER_ID)
      const leaf = new X509Certificate(
        Buffer.from(bundle.verificationMaterial.certificate!.rawBytes, 'base64')
      )
      const statement = dsseStatement(bundle, leaf.publicKey)
      expect(statement.predicateType).toBe(type)
      expect(statement.subject[0]!.digest.sha256).toBe(digest.slice('sha256:'.length))
      expect(statement.subject[0]!.name.startsWith(name)).toBe(true)
      await expect(
        sigstoreVerify(bundle, {
          certificateIdentityEmail: 'someone-else@example.com',
          certificateIssuer: SIGNER_ISSUER
        })
      ).rejects.toThrow()
    }
  })

  it('keyed with Rekor and a TSA configured: verifies with the key under default thresholds', async () => {
    const signer = keyedSigner({ rekorURL: env.mocks.rekorURL, tsaURL: env.mocks.tsaURL })
    const { digest } = await signAndAttest('interop-std/keyed-online', signer)
    for (const type of [COSIGN_SIGN_PREDICATE, PROMOTION_PREDICATE_TYPE]) {
      const bundle = await bundleOf('interop-std/keyed-online', digest, type)
      expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1)
      expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(
        1
      )
      await expect(sigstoreVerify(bundle, ourKey)).resolves.toBeDefined()
      expect(dsseStatement(bundle, keys.publicKey).predicateType).toBe(type)
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
      await expect(
        sigstoreVerify(bundle, {
          keySelector: () => other.export({ format: 'pem', type: 'spki' }).toString()
        })
      ).rejects.toThrow()
    }
  })

  it('keyed with only a TSA: verifies with the key and tlogThreshold 0', async () => {
    const signer = keyedSigner({ tsaURL: env.mocks.tsaURL })
    const { digest } = await signAndAttest('interop-std/keyed-tsa', signer)
    for (const type of [COSIGN_SIGN_PREDICATE, PROMOTION_PREDICATE_TYPE]) {
      const bundle = await bundleOf('interop-std/keyed-tsa', digest, type)
      expect(bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0)
      await expect(sigstoreVerify(bundle, { ...ourKey, tlogThreshold: 0 })).resolves.toBeDefined()
      await expect(sigstoreVerify(bundle, ourKey)).rejects.toMatchObject({ code: 'TLOG_ERROR' })
    }
  })

  it('keyed offline (no Rekor, no TSA): @sigstore/verify with both thresholds 0; sigstore.verify cannot', async () => {
    const { digest } = await signAndAttest('interop-std/keyed-offline', keyedSigner({}))
    const root = TrustedRoot.fromJSON(env.mocks.trustedRoot)
    const material = toTrustMaterial(root, () => ({
      publicKey: keys.publicKey,
      validFor: () => true
    }))
    const offline = new Verifier(material, { tlogThreshold: 0, timestampThreshold: 0 })
    for (const type of [COSIGN_SIGN_PREDICATE, PROMOTION_PREDICATE_TYPE]) {
      const bundle = await bundleOf('interop-std/keyed-offline', digest, type)
      expect(() => offline.verify(toSignedEntity(bundleFromJSON(bundle)))).not.toThrow()
      // sigstore.verify always wants one timestamp: an offline keyed bundle has none.
      await expect(sigstoreVerify(bundle, { ...ourKey, tlogThreshold: 0 })).rejects.toMatchObject({
        code: 'TIMESTAMP_ERROR'
      })
      const tampered = structuredClone(bundle)
      tampered.dsseEnvelope!.payload = Buffer.from('{"_type":"forged"}').toString('base64')
      expect(() => offline.verify(toSignedEntity(bundleFromJSON(tampered)))).toThrow()
    }
  })
})

describe('legacy .sig, checked with node:crypto and the openssl CLI', () => {
  const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`

  function checkPayload(payload: Buffer, digest: string, reference: string) {
    expect(JSON.parse(payload.toString())).toEqual({
      critical: {
        identity: { 'docker-reference': reference },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature'
      },
      optional: null
    })
  }

  async function opensslVerify(publicKeyFile: string, payload: Buffer, signature: Buffer) {
    const dir = mkdtempSync(join(scratch, 'sig-'))
    writeFileSync(join(dir, 'payload'), payload)
    writeFileSync(join(dir, 'sig'), signature)
    const args = ['dgst', '-sha256', '-verify', publicKeyFile, '-signature', join(dir, 'sig')]
    const { stdout } = await run('openssl', [...args, join(dir, 'payload')])
    expect(stdout.trim()).toBe('Verified OK')
    writeFileSync(join(dir, 'forged'), Buffer.concat([payload, Buffer.from(' ')]))
    await expect(run('openssl', [...args, join(dir, 'forged')])).rejects.toThrow()
  }

  it('keyed: the payload names the image, the signature verifies with the public key', async () => {
    const { digest, name } = await signAndAttest('interop-std/legacy-keyed', keyedSigner({}))
    const { descriptor, blob } = await sigLayer('interop-std/legacy-keyed', digest)
    expect(descriptor.digest).toBe(sha256(blob))
    checkPayload(blob, digest, name)
    const signature = Buffer.from(descriptor.annotations![COSIGN_ANNOTATION.signature]!, 'base64')
    expect(verify('sha256', blob, keys.publicKey, signature)).toBe(true)
    await opensslVerify(join(scratch, 'cosign.pub'), blob, signature)
  })

  it('keyless: the certificate chains to the Fulcio CA and names us; the signature verifies', async () => {
    const { digest, name } = await signAndAttest('interop-std/legacy-keyless', env.keylessSigner())
    const { descriptor, blob } = await sigLayer('interop-std/legacy-keyless', digest)
    checkPayload(blob, digest, name)
    const dir = mkdtempSync(join(scratch, 'cert-'))
    const leafFile = join(dir, 'leaf.pem')
    writeFileSync(leafFile, descriptor.annotations![COSIGN_ANNOTATION.certificate]!)
    const ca = env.mocks.trustedRoot.certificateAuthorities as {
      certChain: { certificates: { rawBytes: string }[] }
    }[]
    const caFile = join(dir, 'ca.pem')
    writeFileSync(
      caFile,
      ca[0]!.certChain.certificates
        .map((c) => new X509Certificate(Buffer.from(c.rawBytes, 'base64')).toString())
        .join('')
    )
    const { stdout: chain } = await run('openssl', ['verify', '-CAfile', caFile, leafFile])
    expect(chain.trim()).toBe(`${leafFile}: OK`)
    const { stdout: text } = await run('openssl', [
      'x509',
      '-noout',
      '-ext',
      'subjectAltName',
      '-in',
      leafFile
    ])
    expect(text).toContain(SIGNER_ID)
    const pubFile = join(dir, 'pub.pem')
    const { stdout: pub } = await run('openssl', ['x509', '-noout', '-pubkey', '-in', leafFile])
    writeFileSync(pubFile, pub)
    const signature = Buffer.from(descriptor.annotations![COSIGN_ANNOTATION.signature]!, 'base64')
    expect(verify('sha256', blob, createPublicKey(pub), signature)).toBe(true)
    await opensslVerify(pubFile, blob, signature)
  })

  it('with signing-identity-rewrite, the payload and the attestation name the public repository', async () => {
    // What containers-policy.json `signedIdentity: remapIdentity {prefix: <promoted>, signedPrefix:
    // <public>}` (or `exactRepository`) checks against this docker-reference.
    const { digest } = await signAndAttest('interop-std/rewritten', keyedSigner({}), true)
    const { blob } = await sigLayer('interop-std/rewritten', digest)
    checkPayload(blob, digest, 'registry.example/promoted/rewritten')
    const bundle = await bundleOf('interop-std/rewritten', digest, PROMOTION_PREDICATE_TYPE)
    // kpromo v4.6: the subject is named by the production reference without the digest.
    expect(dsseStatement(bundle, keys.publicKey).subject[0]!.name).toBe(
      'registry.example/promoted/rewritten'
    )
  })
})
