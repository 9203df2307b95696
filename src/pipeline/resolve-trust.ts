// Named defaults for the trust options, applied in one place (like resolve-options.ts for the
// run): the trust phases read only this resolved value and never apply a default themselves.
import type { KeyObject } from 'node:crypto'
import type { ScopeSelection } from '../manifest/index.js'
import { isCompletePolicy, trustPolicyProblem, type IdentityPolicy } from '../trust/identity.js'
import {
  DEFAULT_PROVENANCE_MODE,
  type ProvenancePolicy
} from '../trust/phases/provenance-policy.js'
import type { SignatureFormatOption } from '../trust/phases/sign.js'
import type { IdentityRewrite } from '../trust/phases/targets.js'
import { DEFAULT_TRUST_CONCURRENCY } from '../trust/phases/types.js'
import type { PromoterInfo, PromotionJob } from '../trust/statement.js'
import type { TrustRootOptions } from '../trust/trust-root.js'
import { isGateOn, type VulnPolicy } from '../vuln/index.js'
import { DEFAULT_BUILDER_ID, type SignerOptions, type TrustOptions } from './trust-options.js'

export interface ResolvedTrust {
  /** Trusted keyless signer of staging artifacts; `{}` = none. */
  identity: IdentityPolicy
  trustedKeys: readonly KeyObject[]
  /** Run-wide provenance policy; manifest blocks still override it per digest. */
  provenance: ProvenancePolicy
  /** The vulnerability gate's policy, set only when the gate is on. */
  vuln?: VulnPolicy
  /** Check staging signatures: asked for (default yes) AND somebody is trusted. */
  validateSignatures: boolean
  /**
   * Verify staging artifacts against the sigstore trusted root. False only for a run that trusts
   * keys alone (no complete identity, no trusted-root or TUF mirror option): it never fetches it.
   */
  verifyWithTrustRoot: boolean
  trustRoot: TrustRootOptions
  /** This run signs and attests: signing on (default), a signer configured, and a confirmed run. */
  signs: boolean
  signer?: SignerOptions
  /** Our own signatures carry Rekor entries or TSA timestamps that verify against the trusted root. */
  signWithTrustRoot: boolean
  rekorURL?: string
  tsaURL?: string
  signatureFormat: SignatureFormatOption
  signingRegistry?: string
  identityRewrites: readonly IdentityRewrite[]
  replicateSignatures: boolean
  /** Sign digests promoted without a tag (default yes; `cip`: no, as kpromo). */
  signTagless: boolean
  /** Payload annotations of our signatures; undefined = none (the payload's `optional: null`). */
  signatureAnnotations?: Record<string, string>
  /** Add the staging `.sig` signatures to the signing registry's before signing (cip, as kpromo). */
  copyStagingSignatures: boolean
  builderId: string
  /** The commit the attestation names; unset = the diff scope's head (attestationCommit). */
  gitCommit?: string
  /** The manifest repository's remote (`git+https://…`) and checkout root. */
  manifestUri?: string
  repositoryRoot?: string
  promoter?: PromoterInfo
  /** The job that runs the promotion (Prow, or the Actions run). */
  job?: PromotionJob
  /** Write a signed SLSA verification summary next to each promotion record (kpromo v4.6). */
  verificationSummaries: boolean
  concurrency: number
}

/** `confirm`: the resolved run's (a read-only run never confirms, so never signs). */
export function resolveTrust(trust: TrustOptions = {}, confirm: boolean): ResolvedTrust {
  const identity = trust.identity ?? {}
  const trustedKeys = trust.trustedKeys ?? []
  const trustsSomebody = trustPolicyProblem({ identity, keys: trustedKeys }) === undefined
  const trustRoot = trust.trustRoot ?? {}
  const keyOnly =
    trustedKeys.length > 0 &&
    !isCompletePolicy(identity) &&
    !trustRoot.trustedRootPath &&
    !trustRoot.tufMirrorURL
  const signs = (trust.sign ?? true) && trust.signer !== undefined && confirm
  return {
    identity,
    trustedKeys,
    provenance: trust.provenance ?? { mode: DEFAULT_PROVENANCE_MODE },
    vuln: trust.vuln && isGateOn(trust.vuln) ? trust.vuln : undefined,
    validateSignatures: (trust.validateSignatures ?? true) && trustsSomebody,
    verifyWithTrustRoot: !keyOnly,
    trustRoot,
    signs,
    signer: trust.signer,
    signWithTrustRoot: Boolean(trust.signer?.kind === 'keyless' || trust.rekorURL || trust.tsaURL),
    rekorURL: trust.rekorURL,
    tsaURL: trust.tsaURL,
    signatureFormat: trust.signatureFormat ?? 'legacy',
    signingRegistry: trust.signingRegistry,
    identityRewrites: trust.identityRewrites ?? [],
    replicateSignatures: trust.replicateSignatures ?? false,
    signTagless: trust.signTagless ?? true,
    signatureAnnotations: trust.signatureAnnotations?.length
      ? Object.fromEntries(trust.signatureAnnotations.map((a) => [a.key, a.value]))
      : undefined,
    copyStagingSignatures: trust.copyStagingSignatures ?? false,
    builderId: trust.builderId ?? DEFAULT_BUILDER_ID,
    gitCommit: trust.gitCommit,
    manifestUri: trust.manifestUri,
    repositoryRoot: trust.repositoryRoot,
    promoter: trust.promoter,
    job: trust.job,
    verificationSummaries: trust.verificationSummaries ?? false,
    concurrency: trust.concurrency ?? DEFAULT_TRUST_CONCURRENCY
  }
}

/**
 * The commit an attestation names: the option, else the head of a `changed` diff scope (known
 * only after the plan resolved the scope, so it cannot be resolved with the options).
 */
export function attestationCommit(
  trust: ResolvedTrust,
  selection: ScopeSelection | undefined
): string | undefined {
  return trust.gitCommit ?? (selection?.kind === 'changed' ? selection.head : undefined)
}
