// RegistryStore: the Store interface for one registry host over the distribution API. Merges
// identical in-flight reads. Read-only runs get it wrapped by readOnlyStore (client.ts).
import type { Readable } from 'node:stream'
import type {
  BlobReader,
  Descriptor,
  FetchedManifest,
  RawManifest,
  Store,
  TagListing
} from '../store.js'
import { InFlight, KeyedLock } from '../../concurrency/index.js'
import type { RegistryApi } from './api.js'
import { blobGet, blobHas } from './blob.js'
import { catalog } from './catalog.js'
import { manifestGet, manifestHead, manifestPut } from './manifest.js'
import { blobMount } from './mount.js'
import { referrerPut, referrersList, type ReferrersState } from './referrers.js'
import { tagList } from './tags.js'
import { blobPut } from './upload.js'

export class RegistryStore implements Store {
  readonly kind = 'registry' as const
  readonly host: string
  private readonly reads = new InFlight()

  constructor(
    private readonly api: RegistryApi,
    private readonly referrers: ReferrersState = { locks: new KeyedLock() }
  ) {
    this.host = api.host
  }

  /** A view whose requests carry `signal`; its reads are merged among themselves only. */
  withSignal(signal: AbortSignal): RegistryStore {
    return new RegistryStore(this.api.withSignal(signal), this.referrers)
  }

  manifestHead(repo: string, reference: string): Promise<Descriptor | undefined> {
    return this.reads.run(`HEAD ${repo} ${reference}`, () =>
      manifestHead(this.api, repo, reference)
    )
  }

  manifestGet(repo: string, reference: string): Promise<FetchedManifest> {
    return this.reads.run(`GET ${repo} ${reference}`, () => manifestGet(this.api, repo, reference))
  }

  async manifestPut(repo: string, reference: string, manifest: RawManifest): Promise<string> {
    return manifestPut(this.api, repo, reference, manifest)
  }

  blobHas(repo: string, digest: string): Promise<boolean> {
    return this.reads.run(`HEAD-BLOB ${repo} ${digest}`, () => blobHas(this.api, repo, digest))
  }

  blobGet(repo: string, digest: string): Promise<BlobReader> {
    return blobGet(this.api, repo, digest)
  }

  async blobPut(
    repo: string,
    digest: string,
    size: number,
    body: Readable | Uint8Array
  ): Promise<void> {
    return blobPut(this.api, repo, digest, size, body)
  }

  async blobMount(repo: string, digest: string, fromRepo: string): Promise<boolean> {
    return blobMount(this.api, repo, digest, fromRepo)
  }

  tagList(repo: string): Promise<TagListing> {
    return this.reads.run(`TAGS ${repo}`, () => tagList(this.api, repo))
  }

  referrersApi(): boolean | undefined {
    return this.referrers.hasApi
  }

  referrersList(repo: string, digest: string, artifactType?: string): Promise<Descriptor[]> {
    return this.reads.run(`REFERRERS ${repo} ${digest} ${artifactType ?? ''}`, () =>
      referrersList(this.api, this.referrers, repo, digest, artifactType)
    )
  }

  async referrerPut(repo: string, manifest: RawManifest): Promise<Descriptor> {
    return referrerPut(this.api, this.referrers, repo, manifest)
  }

  catalog(prefix?: string): Promise<string[]> {
    return this.reads.run(`CATALOG ${prefix ?? ''}`, () => catalog(this.api, prefix))
  }
}
