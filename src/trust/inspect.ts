// Everything attached to one image and whether each verifies: what `image-promoter verify` shows.
import type { StoreRepo } from '../oci/store.js'
import type { KeyObject } from 'node:crypto'
import { requireTrustPolicy, type IdentityPolicy } from './identity.js'
import { contextFactory } from './phases/verification.js'
import type { TrustRootProvider } from './trust-root.js'
import { judgeAttestations, judgeSignatures } from './verify/image-evidence.js'
import type { CandidateVerdict } from './verify/verdict.js'

export interface InspectOptions {
  at: StoreRepo
  /** `repository@digest`, for display. */
  image: string
  digest: string
  policy: IdentityPolicy
  /** Attestation predicate types that count; empty = any. */
  predicateTypes: string[]
  trustedKeys?: KeyObject[]
  trustRoot?: TrustRootProvider
}

export interface ImageInspection {
  image: string
  signatures: CandidateVerdict[]
  attestations: CandidateVerdict[]
  /** A signature verifies or, when predicate types are given, an attestation of one of them does. */
  verified: boolean
}

/** Throws POLICY_INVALID without a complete policy: "verified" must never mean "by anybody". */
export async function inspectImage(options: InspectOptions): Promise<ImageInspection> {
  requireTrustPolicy({ identity: options.policy, keys: options.trustedKeys }, 'verify')
  const contextFor = contextFactory(options)
  const signatures = await judgeSignatures(options.at, options.digest, contextFor, {
    bundles: true
  })
  const attestations = await judgeAttestations(
    options.at,
    options.digest,
    contextFor,
    options.predicateTypes
  )
  const ok = (list: CandidateVerdict[]) => list.some((c) => c.status === 'verified')
  return {
    image: options.image,
    signatures,
    attestations,
    verified: options.predicateTypes.length > 0 ? ok(attestations) : ok(signatures)
  }
}
