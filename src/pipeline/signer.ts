// The run's signer, built and checked in one place before the pipeline starts: a run that would
// fail to sign fails before promote writes anything (exit 2 in the CLI, a failed step in Actions).
import { TrustError } from '../trust/errors.js'
import { createKeyedSigner, isEd25519, loadSigningKey } from '../trust/signing/keyed-signer.js'
import { createKeylessSigner } from '../trust/signing/keyless-signer.js'
import type { RunSigner } from '../trust/signing/run-signer.js'
import type { ResolvedTrust } from './resolve-trust.js'

/**
 * For a run that signs (`trust.signs`). Throws SIGNING_KEY_INVALID for a key the run cannot sign
 * with in the requested formats.
 */
export function createRunSigner(trust: ResolvedTrust): RunSigner {
  const witnesses = { rekorURL: trust.rekorURL, tsaURL: trust.tsaURL }
  const signer = trust.signer!
  if (signer.kind === 'keyless') {
    return createKeylessSigner({
      ...witnesses,
      fulcioURL: signer.fulcioURL,
      getIdentityToken: signer.getIdentityToken
    })
  }
  const key = loadSigningKey(signer.privateKeyPEM, signer.passphrase)
  // cosign's legacy `.sig` is a hashedrekord over the payload's SHA-256, which Ed25519 (a pure
  // signature over the message) cannot produce; DSSE bundles sign the message itself.
  if (isEd25519(key) && trust.signatureFormat !== 'bundle') {
    throw new TrustError(
      'SIGNING_KEY_INVALID',
      `an Ed25519 signing key works only with signature format bundle (this run asks for ${trust.signatureFormat})`,
      {
        hint: 'pass --signature-format bundle (input signature-format: bundle), or use a P-256 key'
      }
    )
  }
  return createKeyedSigner({
    ...witnesses,
    privateKeyPEM: signer.privateKeyPEM,
    passphrase: signer.passphrase
  })
}
