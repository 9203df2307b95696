// The signer of a run, as the phases see it: sigstore-js's Signer plus what goes with it.
import type { KeyObject } from 'node:crypto'
import type { Signer, Witness } from '@sigstore/sign'

export interface RunSigner {
  readonly kind: 'keyless' | 'keyed'
  /** Signs bytes; keyless signers reuse one Fulcio certificate while it is valid. */
  readonly signer: Signer
  /** Transparency log for message signatures (cosign legacy `.sig` needs a Rekor v1 SET). */
  readonly messageWitnesses: Witness[]
  /** Transparency log + timestamp authority for DSSE bundles (attestations, bundle signatures). */
  readonly dsseWitnesses: Witness[]
  /** PEM of the CA chain for cosign's `dev.sigstore.cosign/chain` annotation ('' like cosign v3). */
  readonly chainPEM: string
  /** For keyed signers: the public key, to recognise our own earlier signatures. */
  readonly publicKey?: KeyObject
  /** Number of certificates requested so far (keyless). */
  certificateRequests(): number
}
