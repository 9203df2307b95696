// Public surface of the trust layer: the phase functions the pipeline wires, the signers, the
// trusted-root provider, and the verification core (used by `image-promoter verify`).
export { TrustError, type TrustErrorCode } from './errors.js'
export {
  checkIdentity,
  isCompletePolicy,
  type IdentityPolicy,
  type SignerIdentity
} from './identity.js'
export {
  createTrustRootProvider,
  parseTrustedRoot,
  staticTrustRoot,
  type TrustRootOptions,
  type TrustRootProvider
} from './trust-root.js'
export {
  createKeylessSigner,
  type IdentityTokenSource,
  type KeylessSignerOptions
} from './signing/keyless-signer.js'
export { createKeyedSigner, keyHint, type KeyedSignerOptions } from './signing/keyed-signer.js'
export type { RunSigner } from './signing/run-signer.js'
export type { DigestSubject, PromotedImage } from './phases/types.js'
export {
  validateSignatures,
  type SignatureVerdict,
  type ValidateInputs
} from './phases/validate.js'
export {
  verifyProvenance,
  type ProvenanceInputs,
  type ProvenanceSubject,
  type ProvenanceVerdict
} from './phases/provenance.js'
export {
  DEFAULT_PROVENANCE_MODE,
  mergeProvenancePolicy,
  type ProvenanceMode,
  type ProvenancePolicy
} from './phases/provenance-policy.js'
export {
  signPromoted,
  type SignInputs,
  type SignVerdict,
  type SignatureFormatOption
} from './phases/sign.js'
export { attestPromoted, type AttestInputs, type AttestVerdict } from './phases/attest.js'
export { rewriteIdentity, type IdentityRewrite } from './phases/targets.js'
export { inspectImage, type ImageInspection, type InspectOptions } from './inspect.js'
export { PROMOTION_PREDICATE_TYPE, SLSA_PROVENANCE_V1, type PromotionRecord } from './statement.js'
export type { CandidateVerdict, CandidateStatus } from './verify/verdict.js'
