// What checking one image's signatures needs: the verifier, the identity policy, the digest, and
// (for keyed setups) the trusted public keys.
import { verify as cryptoVerify, type KeyObject } from 'node:crypto'
import type { IdentityPolicy, SignerIdentity } from '../identity.js'
import { TrustError } from '../errors.js'
import { keyHint } from '../signing/keyed-signer.js'
import type { BundleVerifier } from './bundle-verifier.js'

export interface VerifyContext {
  verifier: BundleVerifier
  policy: IdentityPolicy
  /** The image digest every signature and attestation must name. */
  digest: string
  /** Public keys trusted for key-signed layers (cosign `--key`); none = keyless only. */
  trustedKeys?: readonly KeyObject[]
}

/** Verify a raw signature over `data` against the trusted keys; returns `key:<hint>` of the match. */
export function verifyWithTrustedKeys(
  ctx: VerifyContext,
  data: Buffer,
  signature: Buffer
): SignerIdentity {
  const match = (ctx.trustedKeys ?? []).find((key) => {
    try {
      return cryptoVerify('sha256', data, key, signature)
    } catch {
      return false
    }
  })
  if (!match) {
    throw new TrustError(
      'SIGNATURE_INVALID',
      'signature does not verify with any trusted public key',
      {
        hint: 'check the public key given for verification',
        detail: 'SIGNATURE_ERROR'
      }
    )
  }
  return { subject: `key:${keyHint(match)}` }
}
