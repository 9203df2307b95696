// Trust settings of a run, as the adapters give them: who is trusted in staging, how to sign,
// and where the sigstore services and trusted root are.
import type { KeyObject } from 'node:crypto'
import { trustPolicyProblem, type IdentityPolicy } from '../trust/identity.js'
import type { ProvenancePolicy } from '../trust/phases/provenance-policy.js'
import type { SignatureFormatOption } from '../trust/phases/sign.js'
import type { IdentityRewrite } from '../trust/phases/targets.js'
import type { PromoterInfo, PromotionJob } from '../trust/statement.js'
import type { TrustRootOptions } from '../trust/trust-root.js'
import type { IdentityTokenSource } from '../trust/signing/keyless-signer.js'
import { isGateOn, type VulnPolicy } from '../vuln/index.js'

export type SignerOptions =
  | { kind: 'keyed'; privateKeyPEM: string; passphrase?: string }
  | { kind: 'keyless'; fulcioURL: string; getIdentityToken: IdentityTokenSource }

export interface TrustOptions {
  /** Trusted signer of staging signatures and provenance (cosign's certificate-identity flags). */
  identity?: IdentityPolicy
  /** Public keys trusted for key-signed staging artifacts. */
  trustedKeys?: KeyObject[]
  /** SLSA provenance policy. Default mode warn. */
  provenance?: ProvenancePolicy
  /** The vulnerability gate (validate family, after provenance). Default off. */
  vuln?: VulnPolicy
  /** Check staging signatures (validate phase). Default true when an identity or key is set. */
  validateSignatures?: boolean
  trustRoot?: TrustRootOptions
  /** Sign and attest promoted images (kpromo's --sign). Default true (only on confirmed runs). */
  sign?: boolean
  /** How to sign. Our own identity is not an option: it is read from what the signer obtains. */
  signer?: SignerOptions
  rekorURL?: string
  tsaURL?: string
  signatureFormat?: SignatureFormatOption
  signingRegistry?: string
  identityRewrites?: IdentityRewrite[]
  replicateSignatures?: boolean
  /** Sign digests promoted without a tag (default true; `cip`: false, as kpromo). */
  signTagless?: boolean
  /** Payload annotations of our signatures (cosign `-a`). */
  signatureAnnotations?: { key: string; value: string }[]
  /** Add the staging `.sig` signatures to the signing registry's before signing (kpromo, cip). */
  copyStagingSignatures?: boolean
  /** The attestation's builder id. */
  builderId?: string
  /** The manifest repository's commit, remote (`git+https://…`) and checkout root. */
  gitCommit?: string
  manifestUri?: string
  repositoryRoot?: string
  promoter?: PromoterInfo
  /** The job that runs the promotion (Prow, or the Actions run). */
  job?: PromotionJob
  /** Write a signed SLSA verification summary next to each promotion record (kpromo v4.6). */
  verificationSummaries?: boolean
  concurrency?: number
}

export const DEFAULT_BUILDER_ID = 'https://github.com/image-promoter/image-promoter'

/**
 * Trust options no run can use (checked before anything is read): a half-written keyless policy
 * (it trusts nobody, so validate would silently check nothing), and a vulnerability gate that
 * requires scans when nobody is trusted to sign them. Per-manifest provenance is checked with the
 * manifests (provenance-signers.ts).
 */
export function trustOptionsProblem(trust: TrustOptions = {}): string | undefined {
  const policy = { identity: trust.identity, keys: trust.trustedKeys }
  const problem = trustPolicyProblem(policy)
  const identity = trust.identity ?? {}
  const anyIdentity = Boolean(
    identity.identity || identity.identityRegexp || identity.issuer || identity.issuerRegexp
  )
  if (problem && anyIdentity) return problem
  if (problem && trust.vuln && isGateOn(trust.vuln) && trust.vuln.requireScan)
    return `the vulnerability gate requires scans, but ${problem}`
  return undefined
}
