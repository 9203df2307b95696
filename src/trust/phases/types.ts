// Inputs and outputs shared by the trust phases: where images live and which digests to look at.
import type { SourcePosition } from '../../errors.js'

/** One digest in one repository, with the manifest lines that name it. */
export interface DigestSubject {
  /** `host/path` or `oci:<dir>`. */
  repository: string
  digest: string
  positions: SourcePosition[]
}

/** A digest the promote phase put in place (or found already there), across its destinations. */
export interface PromotedImage {
  /** Destination repositories, in manifest order. */
  destinations: string[]
  /** The source repository it came from (for the attestation's srcRef). */
  source: string
  digest: string
  /** Tags it was promoted under (empty for a tagless promotion). */
  tags: string[]
  positions: SourcePosition[]
  /** The promotion manifest file, for the attestation record. */
  manifestFile?: string
}

/** Phase defaults (kpromo's `--max-signature-ops` is 50). */
export const DEFAULT_TRUST_CONCURRENCY = 16

/** Called as a phase finishes each unit of work (digest signed, target attested). */
export type PhaseProgress = (done: number, total: number, failed: number) => void
