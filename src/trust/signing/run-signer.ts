// The signer of a run, as the phases see it: sigstore-js's Signer plus what goes with it.
import type { KeyObject } from 'node:crypto'
import type { Signer, Witness } from '@sigstore/sign'
import type { SignerIdentity } from '../identity.js'

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
  /**
   * Who this run signs as, as verification will report it: keyless, the SAN and issuer of the
   * run's Fulcio certificate (requested on first call and reused for signing); keyed,
   * `key:<hint>`. Recognising "already signed/attested by us" compares against exactly this.
   */
  identity(): Promise<SignerIdentity>
  /** Number of certificates requested so far (keyless). */
  certificateRequests(): number
}
