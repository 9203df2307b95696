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
  /** The manifest's `provenance:` block (kpromo v4.6's policy for its source registry). */
  provenance?: ManifestProvenance
}

export type ManifestProvenanceMode = 'off' | 'warn' | 'require'

/**
 * One policy signer: cosign's certificate-identity and -oidc-issuer flags, exact or regexp.
 * `spec` is the kpromo signer string it was written as (`sigstore::<issuer>::<identity>`);
 * builders name signers by it. A key signer (our extension) is `identity: 'key:<sha256 hint>'`.
 */
export interface ManifestSigner {
  identity?: string
  identityRegexp?: string
  issuer?: string
  issuerRegexp?: string
  spec?: string
}

/** kpromo's builder object: a builder id, the SLSA build level it reaches, who may claim it. */
export interface ManifestBuilder {
  /** Exact id; an id without `@` also matches the builder at any ref. */
  id: string
  /** 1-3. */
  level: number
  /** The policy signers (as written there) that may claim this builder; empty: the unbound ones. */
  signers?: ManifestSigner[]
}

/** A `levels:` entry: images (Go path.Match patterns, relative to the source registry) and a level. */
export interface ManifestImageLevel {
  images: string[]
  level: number
}

/**
 * A `provenance:` block, kpromo v4.6's Policy: a whole policy (never merged with run-wide
 * options); structurally a ProvenancePolicy of src/trust (plus its position).
 */
export interface ManifestProvenance {
  /** `''` and a missing mode are `off`, as in kpromo. */
  mode: ManifestProvenanceMode
  /** The `builders:` objects. */
  builderRules?: ManifestBuilder[]
  /** `level:`, the SLSA build level (2-3) provenance must verify at. */
  minLevel?: number
  /** Per-image levels. */
  levels?: ManifestImageLevel[]
  /** Source repositories (`github.com/org/repo`, no `@ref`). */
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
