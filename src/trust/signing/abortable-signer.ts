// sigstore-js takes no abort signal for its Fulcio, Rekor and TSA requests: a stopped run stops
// awaiting them instead (the request may finish in the background; nothing is written with it).
import type { Witness } from '@sigstore/sign'
import { abortable } from '../../cancel.js'
import type { RunSigner } from './run-signer.js'

export function abortableSigner(runSigner: RunSigner, signal: AbortSignal | undefined): RunSigner {
  if (!signal) return runSigner
  const witness = (w: Witness): Witness => ({
    testify: (bundle, publicKey) => abortable(w.testify(bundle, publicKey), signal)
  })
  return {
    kind: runSigner.kind,
    signer: { sign: (data) => abortable(runSigner.signer.sign(data), signal) },
    messageWitnesses: runSigner.messageWitnesses.map(witness),
    dsseWitnesses: runSigner.dsseWitnesses.map(witness),
    chainPEM: runSigner.chainPEM,
    publicKey: runSigner.publicKey,
    identity: () => abortable(runSigner.identity(), signal),
    certificateRequests: () => runSigner.certificateRequests()
  }
}
