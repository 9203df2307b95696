// Trust material for keyed verification: public keys by the hint our keyed signer writes.
import type { KeyObject } from 'node:crypto'
import { PublicKeyDetails, TrustedRoot, type PublicKey } from '@sigstore/protobuf-specs'
import { keyHint } from '../signing/keyed-signer.js'

export function keyMaterial(keys: readonly KeyObject[]): Record<string, PublicKey> {
  return Object.fromEntries(
    keys.map((key) => [
      keyHint(key),
      {
        rawBytes: key.export({ format: 'der', type: 'spki' }),
        keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
        validFor: { start: new Date(0), end: undefined }
      } as PublicKey
    ])
  )
}

/** A root that trusts no CA or log: keyed verification only (air-gapped, no trusted root given). */
export function emptyTrustedRoot(): TrustedRoot {
  return TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    ctlogs: [],
    certificateAuthorities: [],
    timestampAuthorities: []
  })
}
