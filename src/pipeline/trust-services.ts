// The run's signer and sigstore trusted root, built once by the composition root and shared by
// every trust phase and digest. The root provider fetches on first use, so building it costs
// nothing; a run that verifies and signs nothing never fetches it.
import { abortableSigner } from '../trust/signing/abortable-signer.js'
import type { RunSigner } from '../trust/signing/run-signer.js'
import { createTrustRootProvider, type TrustRootProvider } from '../trust/trust-root.js'
import type { ResolvedTrust } from './resolve-trust.js'
import { createRunSigner } from './signer.js'

export interface TrustServices {
  /** Set exactly when the run signs and attests (`trust.signs`). */
  signer?: RunSigner
  /** The root that staging signatures, provenance and scans verify against; unset = keys only. */
  verifyRoot?: TrustRootProvider
  /** The root our own earlier signatures verify against (sign, attest); unset = not needed. */
  signRoot?: TrustRootProvider
}

/** The factories, replaceable in tests to count how often each runs. */
export interface TrustFactories {
  signer: (trust: ResolvedTrust) => RunSigner
  trustRoot: (options: ResolvedTrust['trustRoot'], signal?: AbortSignal) => TrustRootProvider
}

const FACTORIES: TrustFactories = { signer: createRunSigner, trustRoot: createTrustRootProvider }

/**
 * Throws SIGNING_KEY_INVALID (from createRunSigner) before any store exists. sigstore-js takes no
 * signal, so a stopped run stops awaiting Fulcio, Rekor, TSA and TUF instead.
 */
export function createTrustServices(
  trust: ResolvedTrust,
  signal?: AbortSignal,
  factories: TrustFactories = FACTORIES
): TrustServices {
  const signer = trust.signs ? abortableSigner(factories.signer(trust), signal) : undefined
  const signRoot = signer !== undefined && trust.signWithTrustRoot
  const root =
    trust.verifyWithTrustRoot || signRoot ? factories.trustRoot(trust.trustRoot, signal) : undefined
  return {
    signer,
    verifyRoot: trust.verifyWithTrustRoot ? root : undefined,
    signRoot: signRoot ? root : undefined
  }
}
