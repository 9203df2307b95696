// The provenance policy's shape, apart from how it is judged (provenance-policy.ts) so the builder
// rules (provenance-builders.ts) can name it without an import circle.
import type { IdentityPolicy } from '../identity.js'

/** `off`: not checked; `warn`: missing provenance is a warning; `require`: it blocks the image. */
export type ProvenanceMode = 'off' | 'warn' | 'require'

export interface ProvenancePolicy {
  mode: ProvenanceMode
  /** Who may sign provenance. Default: the run's certificate identity/issuer. */
  signers?: PolicySigner[]
  /** Allowed SLSA builder ids (exact; run-wide option). Empty, with no builderRules: any builder. */
  builders?: string[]
  /** kpromo's builder objects; when set, they alone decide (provenance-builders.ts). */
  builderRules?: BuilderRule[]
  /** kpromo's policy level (2-3): provenance verifying below it does not count. */
  minLevel?: number
  /** kpromo's per-image levels; `image` of the subject selects them. */
  levels?: ImageLevel[]
  /** Allowed source repositories (compared without scheme, `.git` or ref; ours: a prefix ending in `/`). Empty: any. */
  sources?: string[]
  /** Predicate types that count as provenance. Default: SLSA provenance v1. */
  predicateTypes?: string[]
  /** kpromo's predicateTypes: also attested (any builder) by a policy signer, or the image fails. */
  requiredPredicateTypes?: string[]
}

/** A trusted signer; `spec` is the kpromo signer string builders name it by. */
export type PolicySigner = IdentityPolicy & { spec?: string }

/** A builder id, the SLSA build level it reaches (1-3), and the signers bound to it. */
export interface BuilderRule {
  id: string
  level: number
  /** Policy signers that alone may claim this builder. */
  signers?: PolicySigner[]
}

/** Images (Go path.Match patterns relative to the source registry) and the level they need. */
export interface ImageLevel {
  images: string[]
  level: number
}
