// An in-memory Store for the engine's logic tests only (integration tests use the real
// registry). Stores sharing one MemoryHost can mount from each other; like distribution, a
// manifest PUT is refused until the blobs or child manifests it references are present.
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { createVerifyingStream, isDigest, sha256Digest } from '../../src/oci/digest.js'
import { isIndexMediaType } from '../../src/oci/media-types.js'
import type {
  BlobReader,
  Descriptor,
  FetchedManifest,
  RawManifest,
  Store,
  TagListing
} from '../../src/oci/store.js'

interface Repo {
  blobs: Map<string, Uint8Array>
  manifests: Map<string, RawManifest>
  tags: Map<string, string>
}

export type Operation = `${string} ${string}`

/** The data of one registry host, shared by every MemoryStore on it. */
export class MemoryHost {
  readonly repos = new Map<string, Repo>()
  /** Every call as "method repo[ ref]", for request-count assertions. */
  readonly log: string[] = []
  /** Throw from a method when this returns an error (fault injection). */
  fault?: (method: string, repo: string, ref: string) => Error | undefined
  /** Delay per blob upload in ms, to keep copies in flight. */
  uploadDelayMs = 0

  constructor(readonly name: string) {}

  repo(name: string): Repo {
    let repo = this.repos.get(name)
    if (!repo) {
      repo = { blobs: new Map(), manifests: new Map(), tags: new Map() }
      this.repos.set(name, repo)
    }
    return repo
  }

  count(prefix: string): number {
    return this.log.filter((entry) => entry.startsWith(prefix)).length
  }
}

function missing(what: string): Error & { code: string } {
  return Object.assign(new Error(`${what} not found`), { code: 'NOT_FOUND' })
}

export class MemoryStore implements Store {
  readonly kind = 'registry' as const
  readonly host: string

  constructor(readonly data: MemoryHost) {
    this.host = data.name
  }

  private enter(method: string, repo: string, ref = ''): void {
    this.data.log.push(`${method} ${repo}${ref ? ` ${ref}` : ''}`)
    const error = this.data.fault?.(method, repo, ref)
    if (error) throw error
  }

  private resolve(repo: string, reference: string): string | undefined {
    const r = this.data.repo(repo)
    const digest = isDigest(reference) ? reference : r.tags.get(reference)
    return digest !== undefined && r.manifests.has(digest) ? digest : undefined
  }

  async manifestHead(repo: string, reference: string): Promise<Descriptor | undefined> {
    this.enter('manifestHead', repo, reference)
    const digest = this.resolve(repo, reference)
    if (digest === undefined) return undefined
    const m = this.data.repo(repo).manifests.get(digest)!
    return { mediaType: m.mediaType, digest, size: m.bytes.length }
  }

  async manifestGet(repo: string, reference: string): Promise<FetchedManifest> {
    this.enter('manifestGet', repo, reference)
    const digest = this.resolve(repo, reference)
    if (digest === undefined) throw missing(`${repo}:${reference}`)
    return { ...this.data.repo(repo).manifests.get(digest)!, digest }
  }

  async manifestPut(repo: string, reference: string, manifest: RawManifest): Promise<string> {
    this.enter('manifestPut', repo, reference)
    const r = this.data.repo(repo)
    const json = JSON.parse(Buffer.from(manifest.bytes).toString('utf8'))
    const needed: Descriptor[] = isIndexMediaType(manifest.mediaType)
      ? json.manifests
      : [json.config, ...json.layers].filter((d: Descriptor | undefined) => d && !d.urls)
    for (const d of needed) {
      const present = isIndexMediaType(manifest.mediaType) ? r.manifests : r.blobs
      if (!present.has(d.digest)) throw new Error(`manifest references unknown ${d.digest}`)
    }
    const digest = sha256Digest(manifest.bytes)
    if (isDigest(reference) && reference !== digest) throw new Error('digest mismatch')
    r.manifests.set(digest, { mediaType: manifest.mediaType, bytes: manifest.bytes })
    if (!isDigest(reference)) r.tags.set(reference, digest)
    return digest
  }

  async blobHas(repo: string, digest: string): Promise<boolean> {
    this.enter('blobHas', repo, digest)
    return this.data.repo(repo).blobs.has(digest)
  }

  async blobGet(repo: string, digest: string): Promise<BlobReader> {
    this.enter('blobGet', repo, digest)
    const bytes = this.data.repo(repo).blobs.get(digest)
    if (!bytes) throw Object.assign(new Error(`blob ${digest} not found`), { code: 'NOT_FOUND' })
    const stream = Readable.from([Buffer.from(bytes)]).pipe(
      createVerifyingStream(digest, bytes.length, `${repo}@${digest}`)
    )
    return { size: bytes.length, stream }
  }

  async blobPut(
    repo: string,
    digest: string,
    size: number,
    body: Readable | Uint8Array
  ): Promise<void> {
    this.enter('blobPut', repo, digest)
    const bytes = body instanceof Uint8Array ? body : await buffer(body)
    if (this.data.uploadDelayMs > 0)
      await new Promise((r) => setTimeout(r, this.data.uploadDelayMs))
    if (bytes.length !== size || sha256Digest(bytes) !== digest) throw new Error('upload mismatch')
    this.data.repo(repo).blobs.set(digest, new Uint8Array(bytes))
  }

  async blobMount(repo: string, digest: string, fromRepo: string): Promise<boolean> {
    this.enter('blobMount', repo, `${digest} from ${fromRepo}`)
    const bytes = this.data.repos.get(fromRepo)?.blobs.get(digest)
    if (!bytes) return false
    this.data.repo(repo).blobs.set(digest, bytes)
    return true
  }

  async tagList(repo: string): Promise<TagListing> {
    this.enter('tagList', repo)
    const r = this.data.repos.get(repo)
    return { exists: r !== undefined, tags: r ? [...r.tags.keys()].sort() : [] }
  }

  async referrersList(repo: string, digest: string): Promise<Descriptor[]> {
    this.enter('referrersList', repo, digest)
    const list: Descriptor[] = []
    for (const [d, m] of this.data.repo(repo).manifests) {
      const json = JSON.parse(Buffer.from(m.bytes).toString('utf8'))
      if (json.subject?.digest === digest) {
        list.push({
          mediaType: m.mediaType,
          digest: d,
          size: m.bytes.length,
          artifactType: json.artifactType
        })
      }
    }
    return list
  }

  async referrerPut(repo: string, manifest: RawManifest): Promise<Descriptor> {
    this.enter('referrerPut', repo)
    const digest = await this.manifestPut(repo, sha256Digest(manifest.bytes), manifest)
    return { mediaType: manifest.mediaType, digest, size: manifest.bytes.length }
  }
}
