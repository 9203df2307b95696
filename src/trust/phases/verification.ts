// How the phases get a verification context: one BundleVerifier per run, built on first need
// (so the trusted root is fetched only when something is actually attached to an image).
import type { KeyObject } from 'node:crypto'
import type { IdentityPolicy } from '../identity.js'
import type { TrustRootProvider } from '../trust-root.js'
import { createBundleVerifier, type BundleVerifier } from '../verify/bundle-verifier.js'
import type { ContextFor } from '../verify/image-evidence.js'
import { emptyTrustedRoot, keyMaterial } from '../verify/keys.js'

export interface VerificationOptions {
  /** Who is trusted. */
  policy: IdentityPolicy
  /** The run's shared trusted root; unset = keyed verification only. */
  trustRoot?: TrustRootProvider
  /** Public keys trusted for key-signed artifacts. */
  trustedKeys?: readonly KeyObject[]
}

export function contextFactory(options: VerificationOptions): ContextFor {
  let verifier: Promise<BundleVerifier> | undefined
  const build = async () =>
    createBundleVerifier({
      trustedRoot: options.trustRoot ? await options.trustRoot.get() : emptyTrustedRoot(),
      keys: keyMaterial(options.trustedKeys ?? [])
    })
  return async (digest) => {
    verifier ??= build()
    return {
      verifier: await verifier,
      policy: options.policy,
      digest,
      trustedKeys: options.trustedKeys
    }
  }
}
