// An in-memory Store for plan-logic unit tests only (integration tests use the real registry).
// Holds repo -> (tag -> digest, digests); counts calls; can be told to fail a repository.
import type { Descriptor, FetchedManifest, Store, TagListing } from '../../src/oci/store.js'
import { MEDIA_TYPE } from '../../src/oci/media-types.js'
import { PromoterError } from '../../src/errors.js'

const INDEX = MEDIA_TYPE.ociIndex
const IMAGE = MEDIA_TYPE.ociManifest

export interface FakeRepo {
  tags: Map<string, string>
  digests: Set<string>
}

export class FakeStore implements Store {
  readonly kind = 'registry' as const
  readonly repos = new Map<string, FakeRepo>()
  readonly calls: string[] = []
  readonly failing = new Set<string>()
  extendedListing = false

  constructor(readonly host: string) {}

  add(repo: string, digest: string, ...tags: string[]): this {
    const r = this.repos.get(repo) ?? { tags: new Map(), digests: new Set() }
    r.digests.add(digest)
    for (const t of tags) r.tags.set(t, digest)
    this.repos.set(repo, r)
    return this
  }

  private mediaTypeOf(digest: string): string {
    return this.indexes.has(digest) ? INDEX : IMAGE
  }

  private check(repo: string): void {
    if (this.failing.has(repo)) {
      throw new PromoterError('DENIED', `${this.host}/${repo}: denied`)
    }
  }

  async manifestHead(repo: string, reference: string): Promise<Descriptor | undefined> {
    this.calls.push(`HEAD ${repo}:${reference}`)
    this.check(repo)
    const r = this.repos.get(repo)
    const digest = reference.startsWith('sha256:')
      ? r?.digests.has(reference)
        ? reference
        : undefined
      : r?.tags.get(reference)
    return digest ? { mediaType: this.mediaTypeOf(digest), digest, size: 1 } : undefined
  }

  async tagList(repo: string): Promise<TagListing> {
    this.calls.push(`LIST ${repo}`)
    this.check(repo)
    const r = this.repos.get(repo)
    if (!r) return { exists: false, tags: [] }
    const listing: TagListing = { exists: true, tags: [...r.tags.keys()] }
    if (this.extendedListing) {
      listing.digests = new Map(
        [...r.digests].map((d) => [
          d,
          {
            tags: [...r.tags].filter(([, v]) => v === d).map(([t]) => t),
            mediaType: this.mediaTypeOf(d)
          }
        ])
      )
    }
    return listing
  }

  /** Index documents by digest, returned by manifestGet (for --minimal-snapshot). */
  readonly indexes = new Map<string, string[]>()

  addIndex(repo: string, digest: string, children: string[], ...tags: string[]): this {
    this.indexes.set(digest, children)
    for (const c of children) this.add(repo, c)
    return this.add(repo, digest, ...tags)
  }

  async catalog(prefix?: string): Promise<string[]> {
    this.calls.push(`CATALOG ${prefix ?? ''}`)
    return [...this.repos.keys()]
      .filter((r) => !prefix || r === prefix || r.startsWith(`${prefix}/`))
      .sort()
  }

  async manifestGet(repo: string, reference: string): Promise<FetchedManifest> {
    this.calls.push(`GET ${repo}:${reference}`)
    const children = this.indexes.get(reference)
    if (!children) throw new PromoterError('NOT_FOUND', `${repo}@${reference} is not an index here`)
    const manifests = children.map((digest) => ({ mediaType: IMAGE, digest, size: 1 }))
    const doc = { schemaVersion: 2, mediaType: INDEX, manifests }
    return { mediaType: INDEX, digest: reference, bytes: Buffer.from(JSON.stringify(doc)) }
  }
  manifestPut(): never {
    throw new Error('the plan never writes')
  }
  blobHas(): never {
    throw new Error('not used by the plan')
  }
  blobGet(): never {
    throw new Error('not used by the plan')
  }
  blobPut(): never {
    throw new Error('the plan never writes')
  }
  blobMount(): never {
    throw new Error('the plan never writes')
  }
  referrersList(): never {
    throw new Error('not used by the plan')
  }
  referrerPut(): never {
    throw new Error('the plan never writes')
  }
}

/** A resolver over fake stores keyed by host: `host/path` -> (store, path). */
export function fakeResolver(...stores: FakeStore[]) {
  return (name: string) => {
    const slash = name.indexOf('/')
    const store = stores.find((s) => s.host === name.slice(0, slash))
    if (!store) throw new PromoterError('UNKNOWN_HOST', `no store for ${name}`)
    return { store, repo: name.slice(slash + 1) }
  }
}

/** A digest made of one repeated hex character, like kpromo's test vectors. */
export function digestOf(c: string): string {
  return `sha256:${c.repeat(64)}`
}
