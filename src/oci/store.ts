// The Store interface: everything the domain may do with a registry or a layout directory.
// `registry/` (distribution HTTP API) and `layout/` (OCI image-layout directories) implement it.
// `repo` arguments are repository paths within the store: the path after the host for a
// registry (`k8s-staging-foo/img`), the directory for a layout store.
import type { Readable } from 'node:stream'

export interface Platform {
  architecture: string
  os: string
  variant?: string
  'os.version'?: string
  'os.features'?: string[]
}

/** An OCI content descriptor. */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  artifactType?: string
  annotations?: Record<string, string>
  urls?: string[]
  platform?: Platform
}

/** Manifest bytes exactly as stored: never re-serialised, so digests are preserved. */
export interface RawManifest {
  mediaType: string
  bytes: Uint8Array
}

export interface FetchedManifest extends RawManifest {
  digest: string
}

/** A blob body that verifies its digest and size as it is read (errors at the end if wrong). */
export interface BlobReader {
  size: number
  stream: Readable
}

/** What a tag listing returns. `digests` is filled only where the registry says (Google's extension). */
export interface TagListing {
  /** false when the repository does not exist (a destination not yet created is empty, not an error) */
  exists: boolean
  tags: string[]
  /** digest -> tags, including untagged digests, when the registry lists them. */
  digests?: Map<string, { tags: string[]; mediaType?: string }>
}

/** A repository inside a store: the store, and the `repo` argument its calls take. */
export interface StoreRepo {
  store: Store
  /** The repository path within the store (`path` after the host, or the layout directory). */
  repo: string
}

export interface Store {
  readonly kind: 'registry' | 'layout'
  /**
   * Blob mounts are possible only between repositories of stores with the same `host`
   * (a registry host, or `oci:` for the local filesystem).
   */
  readonly host: string

  /** Resolve a tag or digest; undefined when it does not exist. One request on a registry. */
  manifestHead(repo: string, reference: string): Promise<Descriptor | undefined>
  /** Read manifest bytes, verified against their digest. Throws NOT_FOUND (not-found.ts) when missing. */
  manifestGet(repo: string, reference: string): Promise<FetchedManifest>
  /** Write manifest bytes under a tag or their digest; returns the digest. */
  manifestPut(repo: string, reference: string, manifest: RawManifest): Promise<string>

  blobHas(repo: string, digest: string): Promise<boolean>
  /** A verifying stream of the blob. Throws NOT_FOUND when missing. */
  blobGet(repo: string, digest: string): Promise<BlobReader>
  /** Upload a blob of known digest and size; the store verifies what it receives. */
  blobPut(repo: string, digest: string, size: number, body: Readable | Uint8Array): Promise<void>
  /** Mount a blob from another repository of the same host; false when the store could not. */
  blobMount(repo: string, digest: string, fromRepo: string): Promise<boolean>

  tagList(repo: string): Promise<TagListing>

  /** Manifests whose `subject` is `digest` (OCI 1.1 API, else the `sha256-<hex>` tag fallback). */
  referrersList(repo: string, digest: string, artifactType?: string): Promise<Descriptor[]>
  /**
   * Whether referrers are served by the OCI 1.1 API (true: a tag listing cannot tell which digests
   * have referrers) or only under the `sha256-<hex>` fallback tag (false: no such tag, no
   * referrers); undefined until the store has found out (its first referrers request).
   */
  referrersApi?(): boolean | undefined
  /** Push a manifest with a `subject`, and record it in the fallback index when there is no API. */
  referrerPut(repo: string, manifest: RawManifest): Promise<Descriptor>

  /** Repository names, where the store can list them (registry `_catalog`, layout walk). */
  catalog?(prefix?: string): Promise<string[]>

  /**
   * The same store whose every request and file operation stops when `signal` aborts
   * (CancelledError; sockets closed, temporary files removed). Shares this store's locks.
   */
  withSignal?(signal: AbortSignal): Store
}
