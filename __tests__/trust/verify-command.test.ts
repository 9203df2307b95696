// `image-promoter verify` against a signed and attested image in a real registry; fails closed
// without a complete policy (issue #13), and --key alone counts only that key's signatures.
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { attestPromoted } from '../../src/trust/phases/attest.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { createKeyedSigner } from '../../src/trust/signing/keyed-signer.js'
import { PROMOTION_PREDICATE_TYPE } from '../../src/trust/statement.js'
import { SLSA_VSA_V1 } from '../../src/trust/summary.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
let signed: string
let unsigned: string
/** Key B: its public key is what `--key` names; it signed nothing on `signed`. */
const keyB = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const keyBFile = join(mkdtempSync(join(tmpdir(), 'verify-key-')), 'b.pub')
writeFileSync(keyBFile, keyB.publicKey.export({ format: 'pem', type: 'spki' }))

beforeAll(async () => {
  env = await startTrustEnv()
  signed = await env.pushTestImage('cli/app', 'cli-signed')
  unsigned = await env.pushTestImage('cli/app', 'cli-unsigned')
  const images = [env.promoted(['cli/app'], signed)]
  const signer = env.keylessSigner()
  await signPromoted({
    images,
    resolveStore: env.resolveStore,
    signer,
    trustRoot: env.trustRoot(),
    format: 'both'
  })
  // With a verification summary (kpromo v4.6), which needs the manifest's repository and commit.
  await attestPromoted({
    images: images.map((i) => ({ ...i, manifestFile: 'images/cli/images.yaml' })),
    resolveStore: env.resolveStore,
    signer,
    trustRoot: env.trustRoot(),
    builderId: 'test',
    summaries: true,
    manifestUri: 'git+https://github.com/org/manifests',
    manifestRoot: '/checkout',
    repositoryRoot: '/checkout',
    gitCommit: 'a'.repeat(40)
  })
})
afterAll(() => env.stop())

async function verify(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: process.cwd(),
    env: {}
  }
  const code = await main(['verify', ...args, '--trusted-root', env.mocks.trustedRootPath], io)
  return { code, stdout, stderr }
}

describe('image-promoter verify', () => {
  it('verifies the promotion record and the verification summary by their --type', async () => {
    const r = await verify(
      `${env.registry.host}/cli/app@${signed}`,
      '--certificate-identity',
      SIGNER_ID,
      '--certificate-oidc-issuer',
      SIGNER_ISSUER,
      '--type',
      PROMOTION_PREDICATE_TYPE,
      '--type',
      SLSA_VSA_V1
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /verified referrer sha256:\w+ https:\/\/slsa.dev\/verification_summary\/v1/
    )
    expect(r.stdout).toMatch(
      /verified referrer sha256:\w+ https:\/\/k8s.io\/promo-tools\/promotion\/v1/
    )
  })

  it('reports every signature and attestation and succeeds for the right identity', async () => {
    const r = await verify(
      `${env.registry.host}/cli/app@${signed}`,
      '--certificate-identity',
      SIGNER_ID,
      '--certificate-oidc-issuer',
      SIGNER_ISSUER,
      '--type',
      PROMOTION_PREDICATE_TYPE
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/signatures: \n\s+verified sig-tag layer 0 by krel-trust@/)
    expect(r.stdout).toMatch(
      /verified referrer sha256:\w+ https:\/\/sigstore.dev\/cosign\/sign\/v1/
    )
    // Another type (the verification summary) is listed as foreign, never counted.
    expect(r.stdout).toMatch(
      /attestations: \n(.*\n)*\s+verified referrer sha256:\w+ https:\/\/k8s.io\/promo-tools\/promotion\/v1/
    )
  })

  it('fails for a wrong identity, saying who signed', async () => {
    const r = await verify(
      `${env.registry.host}/cli/app@${signed}`,
      '--certificate-identity',
      'someone@example.com',
      '--certificate-oidc-issuer',
      SIGNER_ISSUER,
      '--json'
    )
    expect(r.code).toBe(1)
    const found = JSON.parse(r.stdout)
    expect(found.signatures.map((s: { status: string }) => s.status)).toEqual([
      'foreign',
      'foreign'
    ])
  })

  it('fails for an unsigned image and rejects a reference without a digest', async () => {
    const r = await verify(
      `${env.registry.host}/cli/app@${unsigned}`,
      '--certificate-identity',
      SIGNER_ID,
      '--certificate-oidc-issuer',
      SIGNER_ISSUER
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/signatures: none/)
    const bad = await verify(`${env.registry.host}/cli/app:v1`)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/expected IMAGE@sha256/)
  })

  it('refuses to run without a complete policy (exit 2), before reading anything', async () => {
    const image = `${env.registry.host}/cli/app@${signed}`
    const mark = await env.registry.accessLog.mark()
    const none = await verify(image)
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no trusted signer/)
    const noIssuer = await verify(image, '--certificate-identity', SIGNER_ID)
    expect(noIssuer.code).toBe(2)
    expect(noIssuer.stderr).toMatch(/certificate-oidc-issuer \(or -regexp\) is missing/)
    const noIdentity = await verify(image, '--certificate-oidc-issuer-regexp', '.*')
    expect(noIdentity.code).toBe(2)
    // Half a keyless policy next to --key is still refused: it was meant, and would trust nobody.
    const keyAndHalf = await verify(image, '--key', keyBFile, '--certificate-identity', SIGNER_ID)
    expect(keyAndHalf.code).toBe(2)
    expect(await env.registry.accessLog.entries(mark)).toEqual([])
  })

  it('--key B does not accept a keyless signature that B did not make', async () => {
    const r = await verify(`${env.registry.host}/cli/app@${signed}`, '--key', keyBFile, '--json')
    expect(r.code).toBe(1)
    const found = JSON.parse(r.stdout)
    expect(found.verified).toBe(false)
    expect(found.signatures.map((s: { status: string }) => s.status)).toEqual([
      'foreign',
      'foreign'
    ])
    expect(found.signatures[0].reason).toMatch(/no trusted identity is configured/)
  })

  it('--key B accepts a signature by B, and keyless flags next to it add the identity', async () => {
    const both = await env.pushTestImage('cli/app', 'cli-key-b')
    await signPromoted({
      images: [env.promoted(['cli/app'], both)],
      resolveStore: env.resolveStore,
      signer: createKeyedSigner({
        privateKeyPEM: keyB.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
      }),
      format: 'legacy'
    })
    const image = `${env.registry.host}/cli/app@${both}`
    const byKey = await verify(image, '--key', keyBFile)
    expect(byKey.code).toBe(0)
    expect(byKey.stdout).toMatch(/verified sig-tag layer 0 by key:/)
    const keyless = await verify(
      `${env.registry.host}/cli/app@${signed}`,
      '--key',
      keyBFile,
      '--certificate-identity',
      SIGNER_ID,
      '--certificate-oidc-issuer',
      SIGNER_ISSUER
    )
    expect(keyless.code).toBe(0)
  })
})
