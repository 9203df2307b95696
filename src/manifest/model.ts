// The manifest model: kpromo's promotion manifests as parsed data, with source positions.
import type { SourcePosition } from '../errors.js'

/** A `registries:` entry. `name` is exactly as written (registry host plus optional path). */
export interface RegistryEntry {
  name: string
  /** kpromo's legacy `service-account`; kept because it is part of registry identity in edges. */
  serviceAccount?: string
  src: boolean
  position: SourcePosition
  /** Position of the `src` key, when written. */
  srcPosition?: SourcePosition
}

/** One `dmap` entry: a digest and its tags (empty = a tagless, digest-only promotion). */
export interface DigestEntry {
  digest: string
  tags: string[]
  /** Position of the digest key in the images file. */
  position: SourcePosition
  /** Position of each tag (same order as `tags`), when parsed from a file. */
  tagPositions?: SourcePosition[]
}

export interface ImageEntry {
  name: string
  digests: DigestEntry[]
  position: SourcePosition
  /** Position of the `dmap` key, when written. */
  dmapPosition?: SourcePosition
}

/** One promotion manifest: a plain manifest file, or one thin manifest with its images file. */
export interface PromotionManifest {
  /** The manifest file, relative to the manifest root (the thin-manifest dir, or the file's dir). */
  file: string
  /** The images file (same as `file` for a plain manifest). */
  imagesFile: string
  registries: RegistryEntry[]
  images: ImageEntry[]
  /** The first `src: true` registry. */
  source: RegistryEntry
  /** Every other registry. */
  destinations: RegistryEntry[]
  /** Which format the manifest was read from (`--manifest` or `--thin-manifest-dir`). */
  kind?: 'plain' | 'thin'
  /** The manifest's `provenance:` block (kpromo v4.6), overriding run-wide options field by field. */
  provenance?: ManifestProvenance
}

export type ManifestProvenanceMode = 'off' | 'warn' | 'require'

/**
 * One `signers:` entry: cosign's certificate-identity and -oidc-issuer flags, exact or regexp.
 * A key signer is `identity: 'key:<sha256 hint>'` with no issuer.
 */
export interface ManifestSigner {
  identity?: string
  identityRegexp?: string
  issuer?: string
  issuerRegexp?: string
}

/** kpromo's builder object: a builder id, the SLSA build level it reaches, who may sign for it. */
export interface ManifestBuilder {
  id: string
  level?: number
  /** Narrows the block's signers for provenance naming this builder. */
  signers?: ManifestSigner[]
}

/**
 * A `provenance:` block. Only the keys written are set, so it can be merged over the run-wide
 * policy; it is structurally a Partial<ProvenancePolicy> of src/trust (plus its position).
 */
export interface ManifestProvenance {
  mode?: ManifestProvenanceMode
  /** Allowed SLSA builder ids (exact), the `builders:` entries written as strings. */
  builders?: string[]
  /** The `builders:` entries written as objects; set (maybe empty) whenever `builders` is. */
  builderRules?: ManifestBuilder[]
  /** `level:`, the minimum SLSA build level (0-4) a builder object must declare to count. */
  minLevel?: number
  /** Allowed source repositories (exact, or a prefix ending in `/`); empty means any. */
  sources?: string[]
  predicateTypes?: string[]
  signers?: ManifestSigner[]
  /** Where the `provenance` key is written. */
  position: SourcePosition
}

/**
 * A promotion edge (kpromo §2.2): copy `digest` from `srcRegistry/image` to `dstRegistry/image`,
 * tagged `tag` there (`''` for a tagless promotion).
 */
export interface Edge {
  srcRegistry: string
  dstRegistry: string
  image: string
  digest: string
  tag: string
  /** Where the digest is written (images file, line, column). */
  position: SourcePosition
}
