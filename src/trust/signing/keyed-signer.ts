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

/** Key types cosign and sigstore verifiers accept for signing (ECDSA with SHA-256, or Ed25519). */
const SUPPORTED_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384' }
const KEY_HINT =
  'pass a PEM private key, P-256, P-384 or Ed25519 (e.g. `openssl ecparam -genkey -name prime256v1 -noout | openssl pkcs8 -topk8 -nocrypt`)'

function invalidKey(message: string, hint = KEY_HINT, cause?: unknown): TrustError {
  return new TrustError('SIGNING_KEY_INVALID', `signing key ${message}`, { hint, cause })
}

/**
 * Loads and checks the signing key: a private key (not a public one), decryptable, and of a type
 * we sign with. Everything that can be wrong with a key is found here, before any write.
 */
export function loadSigningKey(privateKeyPEM: string, passphrase?: string): KeyObject {
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----/.test(privateKeyPEM))
    throw invalidKey('is a public key', 'pass the private key; the public key is for verifying')
  if (/-----BEGIN ENCRYPTED (SIGSTORE|COSIGN) PRIVATE KEY-----/.test(privateKeyPEM))
    throw invalidKey(
      'is a cosign-encrypted key, which is not supported',
      'export it as PKCS#8: `cosign import-key-pair` works the other way; convert with `openssl pkcs8` from the original key'
    )
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(
    privateKeyPEM
  )
  if (encrypted && !passphrase)
    throw invalidKey(
      'is encrypted and no passphrase was given',
      'set the key passphrase, or pass an unencrypted PKCS#8 key'
    )
  let key: KeyObject
  try {
    key = createPrivateKey({ key: privateKeyPEM, passphrase })
  } catch (cause) {
    throw invalidKey(
      `is not a usable PEM private key: ${(cause as Error).message}`,
      encrypted ? 'check the key passphrase' : KEY_HINT,
      cause
    )
  }
  const type = key.asymmetricKeyType
  const curve = key.asymmetricKeyDetails?.namedCurve
  if (type === 'ed25519' || (type === 'ec' && curve && SUPPORTED_CURVES[curve])) return key
  throw invalidKey(
    `is ${type === 'ec' ? `EC ${curve ?? 'unknown curve'}` : (type ?? 'of an unknown type').toUpperCase()}, not P-256, P-384 or Ed25519`
  )
}

/** Ed25519 signs the message itself; ECDSA signs its SHA-256 (as cosign does for every curve). */
export function isEd25519(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ed25519'
}

export function createKeyedSigner(options: KeyedSignerOptions): RunSigner {
  const privateKey = loadSigningKey(options.privateKeyPEM, options.passphrase)
  const digest = isEd25519(privateKey) ? null : 'sha256'
  const publicKey = createPublicKey(privateKey)
  const publicPEM = publicKey.export({ format: 'pem', type: 'spki' }).toString()
  const hint = keyHint(publicKey)
  const signer: Signer = {
    sign: async (data) => ({
      signature: cryptoSign(digest, data, privateKey),
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
    identity: async () => ({ subject: `key:${hint}` }),
    certificateRequests: () => 0
  }
}
