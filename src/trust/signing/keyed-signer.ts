// KeyedSigner: signs with a PEM private key (private or air-gapped setups, the demo). No Fulcio;
// Rekor and a TSA only when their URLs are given.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as cryptoSign,
  type KeyObject
} from 'node:crypto'
import type { Signer } from '@sigstore/sign'
import { TrustError } from '../errors.js'
import type { RunSigner } from './run-signer.js'
import { createWitnesses, type WitnessOptions } from './witnesses.js'

export interface KeyedSignerOptions extends WitnessOptions {
  /** PEM private key (PKCS#8, SEC1 or PKCS#1). */
  privateKeyPEM: string
  /** Password of an encrypted key. */
  passphrase?: string
}

/** The hint a bundle carries for a key: hex SHA-256 of its SPKI DER. */
export function keyHint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
}

function loadKey(options: KeyedSignerOptions): KeyObject {
  try {
    return createPrivateKey({ key: options.privateKeyPEM, passphrase: options.passphrase })
  } catch (cause) {
    throw new TrustError(
      'SIGNING_KEY_INVALID',
      `signing key is not a usable PEM private key: ${(cause as Error).message}`,
      {
        hint: 'pass a PEM private key (e.g. from `openssl ecparam -genkey -name prime256v1 -noout | openssl pkcs8 -topk8 -nocrypt`)',
        cause
      }
    )
  }
}

export function createKeyedSigner(options: KeyedSignerOptions): RunSigner {
  const privateKey = loadKey(options)
  const publicKey = createPublicKey(privateKey)
  const publicPEM = publicKey.export({ format: 'pem', type: 'spki' }).toString()
  const hint = keyHint(publicKey)
  const signer: Signer = {
    sign: async (data) => ({
      signature: cryptoSign('sha256', data, privateKey),
      key: { $case: 'publicKey', publicKey: publicPEM, hint }
    })
  }
  return {
    kind: 'keyed',
    signer,
    messageWitnesses: createWitnesses(options, undefined),
    dsseWitnesses: createWitnesses(options, 'dsse'),
    chainPEM: '',
    publicKey,
    certificateRequests: () => 0
  }
}
