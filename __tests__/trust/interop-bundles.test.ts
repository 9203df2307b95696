// Every bundle case of the interop fixtures gives the result its expect.json states, through the
// same verification core the phases use (crypto, then identity, then statement subject).
import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { TrustError } from '../../src/trust/errors.js'
import { checkIdentity } from '../../src/trust/identity.js'
import { checkSubject, parseStatement } from '../../src/trust/statement.js'
import { createBundleVerifier } from '../../src/trust/verify/bundle-verifier.js'
import { loadCases, type FixtureCase } from './sigstore-fixtures.js'

function verifyCase(c: FixtureCase): void {
  const bundle = JSON.parse(c.file('bundle.json')!.toString('utf8'))
  const artifact = c.file('artifact')
  const verifier = createBundleVerifier({ trustedRoot: c.trustedRoot() })
  const signer = verifier.verify({ bundle, artifact: bundle.dsseEnvelope ? undefined : artifact })
  checkIdentity({ identity: c.expect.identity, issuer: c.expect.issuer }, signer)
  if (bundle.dsseEnvelope) {
    const statement = parseStatement(Buffer.from(bundle.dsseEnvelope.payload, 'base64'))
    const digest =
      c.expect.subjectDigest ??
      (artifact ? `sha256:${createHash('sha256').update(artifact).digest('hex')}` : undefined)
    if (digest) checkSubject(statement, digest)
  }
}

describe('bundle interop fixtures', () => {
  const cases = loadCases('bundles')
  it('has the cases', () => expect(cases.length).toBeGreaterThanOrEqual(40))
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.expect.verify) {
      expect(() => verifyCase(c)).not.toThrow()
    } else {
      expect(() => verifyCase(c)).toThrow(TrustError)
    }
  })
})
