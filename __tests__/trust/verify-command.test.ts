// `image-promoter verify` against a signed and attested image in a real registry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { attestPromoted } from '../../src/trust/phases/attest.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { PROMOTION_PREDICATE_TYPE } from '../../src/trust/statement.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

let env: TrustEnv
let signed: string
let unsigned: string

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
    own: { policy: { identity: SIGNER_ID, issuer: SIGNER_ISSUER }, trustRoot: env.trustRoot() },
    format: 'both'
  })
  await attestPromoted({
    images,
    resolveStore: env.resolveStore,
    signer,
    own: { policy: { identity: SIGNER_ID, issuer: SIGNER_ISSUER }, trustRoot: env.trustRoot() },
    builderId: 'test'
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
    expect(r.stdout).toMatch(
      /attestations: \n\s+verified referrer sha256:\w+ https:\/\/k8s.io\/promo-tools\/promotion\/v1/
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
})
