// The validate phase on tampered signatures in a real registry: a changed payload, a `.sig`
// copied under another image's tag (payload names another digest), and a CA we do not trust.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { sha256Digest } from '../../src/oci/digest.js'
import { signatureTag } from '../../src/trust/cosign/constants.js'
import { parseManifestJson, readBlob } from '../../src/trust/oci/store-io.js'
import { buildSignatureImage } from '../../src/trust/cosign/sig-image.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { validateSignatures } from '../../src/trust/phases/validate.js'
import { staticTrustRoot } from '../../src/trust/trust-root.js'
import { startSigstoreMocks } from '../harness/sigstore-mock.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
let signed: string
const policy = { identity: SIGNER_ID, issuer: SIGNER_ISSUER }
const repo = () => `${env.registry.host}/tamper/app`

beforeAll(async () => {
  env = await startTrustEnv()
  signed = await env.pushTestImage('tamper/app', 'tamper-signed')
  await signPromoted({
    images: [env.promoted(['tamper/app'], signed)],
    resolveStore: env.resolveStore,
    signer: env.keylessSigner(),
    trustRoot: env.trustRoot()
  })
})
afterAll(() => env.stop())

/** Rewrite the `.sig` of `from` (optionally changing its payload) under the tag of `to`. */
async function forgeSignature(
  from: string,
  to: string,
  edit?: (payload: string) => string
): Promise<void> {
  const at = env.resolveStore(repo())
  const manifest = parseManifestJson(await at.store.manifestGet(at.repo, signatureTag(from)))
  const layer = manifest.layers[0]!
  let payload = await readBlob(at.store, at.repo, layer)
  if (edit) payload = Buffer.from(edit(payload.toString()))
  const forged = { ...layer, digest: sha256Digest(payload), size: payload.length }
  await at.store.blobPut(at.repo, forged.digest, payload.length, payload)
  const image = buildSignatureImage([forged])
  await at.store.blobPut(at.repo, sha256Digest(image.config), image.config.length, image.config)
  await at.store.manifestPut(at.repo, signatureTag(to), {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    bytes: image.manifest
  })
}

async function validate(digest: string, trustRoot = env.trustRoot()) {
  const [verdict] = await validateSignatures({
    subjects: [
      { repository: repo(), digest, positions: [{ file: 'images.yaml', line: 7, column: 3 }] }
    ],
    resolveStore: env.resolveStore,
    policy,
    trustRoot
  })
  return verdict!
}

describe('validate rejects tampering', () => {
  it('a payload changed after signing', async () => {
    const victim = await env.pushTestImage('tamper/app', 'tamper-payload')
    await forgeSignature(signed, victim, (p) => p.replace(signed, victim))
    const verdict = await validate(victim)
    expect(verdict.status).toBe('failed')
    expect(verdict.candidates[0]!.detail).toBe('TLOG_BODY_ERROR')
    expect(verdict.error?.position).toEqual({ file: 'images.yaml', line: 7, column: 3 })
  })

  it('a valid signature whose payload names another image', async () => {
    const other = await env.pushTestImage('tamper/app', 'tamper-copied')
    await forgeSignature(signed, other)
    const verdict = await validate(other)
    expect(verdict.status).toBe('failed')
    expect(verdict.candidates[0]!.code).toBe('CLAIM_MISMATCH')
    expect(verdict.message).toContain(`names digest ${signed}, expected ${other}`)
  })

  it('a certificate from a CA the trusted root does not list', async () => {
    const foreign = await startSigstoreMocks()
    try {
      const root = TrustedRoot.fromJSON(env.mocks.trustedRoot)
      root.certificateAuthorities = TrustedRoot.fromJSON(foreign.trustedRoot).certificateAuthorities
      const verdict = await validate(signed, staticTrustRoot(root))
      expect(verdict.status).toBe('failed')
      expect(verdict.candidates[0]!.detail).toBe('CERTIFICATE_ERROR')
    } finally {
      await foreign.stop()
    }
  })
})
