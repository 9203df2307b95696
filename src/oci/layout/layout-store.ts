// LayoutStore: the Store interface over OCI image-layout directories, one directory per
// repository. Capability files (manifest, blob, tag, referrers, catalog) do the work.
import { resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { throwIfCancelled } from '../../cancel.js'
import { sha256Digest } from '../digest.js'
import { LAYOUT_SCHEME } from '../ref.js'
import type {
  BlobReader,
  Descriptor,
  FetchedManifest,
  RawManifest,
  Store,
  TagListing
} from '../store.js'
import { blobGet, blobHas, blobMount, blobPut } from './blob.js'
import { catalog } from './catalog.js'
import { LayoutError } from './errors.js'
import { KeyedLock } from '../../concurrency/index.js'
import { manifestGet, manifestHead, manifestPut } from './manifest.js'
import { readManifestContent } from './manifest-content.js'
import { referrerDescriptor, referrerRecord, referrersList } from './referrers.js'
import { tagList } from './tag.js'

export interface LayoutStoreOptions {
  /**
   * Directory that relative `repo` arguments (and `catalog` names) are resolved against.
   * Default: the process's working directory at construction.
   */
  baseDir?: string
}

export function resolveLayoutStoreOptions(
  options: LayoutStoreOptions = {}
): Required<LayoutStoreOptions> {
  return { baseDir: resolve(options.baseDir ?? process.cwd()) }
}

/**
 * Reads and writes OCI image layouts. `repo` is the layout directory (absolute, or relative to
 * `baseDir`); a directory is created with its `oci-layout` and `index.json` on first write.
 * Writes are atomic and index.json updates are serialised per directory within this process.
 */
export class LayoutStore implements Store {
  readonly kind = 'layout'
  /** All layout directories share one "host": mounts between them are local links or copies. */
  readonly host = LAYOUT_SCHEME
  private readonly options: Required<LayoutStoreOptions>
  private readonly locks = new KeyedLock()
  /** Set on views made by withSignal: checked before each operation, passed to blob streams. */
  private signal?: AbortSignal

  constructor(options: LayoutStoreOptions = {}) {
    this.options = resolveLayoutStoreOptions(options)
  }

  /** A view (everything else inherited: options, locks) whose operations stop when `signal` aborts. */
  withSignal(signal: AbortSignal): LayoutStore {
    const view = Object.create(this) as LayoutStore
    view.signal = signal
    return view
  }

  /** The absolute layout directory of a repository argument. */
  dirOf(repo: string): string {
    return resolve(this.options.baseDir, repo)
  }

  async manifestHead(repo: string, reference: string): Promise<Descriptor | undefined> {
    throwIfCancelled(this.signal)
    return manifestHead(this.dirOf(repo), reference)
  }

  async manifestGet(repo: string, reference: string): Promise<FetchedManifest> {
    throwIfCancelled(this.signal)
    return manifestGet(this.dirOf(repo), reference)
  }

  /** Also records a manifest with a `subject` in its referrers index, as OCI 1.1 registries do. */
  async manifestPut(repo: string, reference: string, manifest: RawManifest): Promise<string> {
    // Small atomic writes: checked before, never stopped half-way (no tag on incomplete content).
    throwIfCancelled(this.signal)
    const dir = this.dirOf(repo)
    const { digest, content } = await manifestPut(this.locks, dir, reference, manifest)
    if (content.subject !== undefined) {
      const referrer = referrerDescriptor(digest, manifest, content)
      await referrerRecord(this.locks, dir, content.subject.digest, referrer)
    }
    return digest
  }

  async blobHas(repo: string, digest: string): Promise<boolean> {
    throwIfCancelled(this.signal)
    return blobHas(this.dirOf(repo), digest)
  }

  async blobGet(repo: string, digest: string): Promise<BlobReader> {
    throwIfCancelled(this.signal)
    return blobGet(this.dirOf(repo), digest, this.signal)
  }

  blobPut(repo: string, digest: string, size: number, body: Readable | Uint8Array): Promise<void> {
    return blobPut(this.locks, this.dirOf(repo), digest, size, body, this.signal)
  }

  async blobMount(repo: string, digest: string, fromRepo: string): Promise<boolean> {
    throwIfCancelled(this.signal)
    return blobMount(this.locks, this.dirOf(repo), digest, this.dirOf(fromRepo))
  }

  async tagList(repo: string): Promise<TagListing> {
    throwIfCancelled(this.signal)
    return tagList(this.dirOf(repo))
  }

  /** Referrers live under the fallback tag only. */
  referrersApi(): boolean {
    return false
  }

  async referrersList(repo: string, digest: string, artifactType?: string): Promise<Descriptor[]> {
    throwIfCancelled(this.signal)
    return referrersList(this.dirOf(repo), digest, artifactType)
  }

  async referrerPut(repo: string, manifest: RawManifest): Promise<Descriptor> {
    throwIfCancelled(this.signal)
    const dir = this.dirOf(repo)
    const content = readManifestContent(dir, manifest.bytes, manifest.mediaType)
    if (content.subject === undefined) {
      throw new LayoutError('MANIFEST_INVALID', 'referrer manifest has no "subject" field', {
        dir,
        hint: 'referrers name the manifest they refer to in "subject"; use manifestPut for others'
      })
    }
    const digest = await this.manifestPut(repo, sha256Digest(manifest.bytes), manifest)
    return referrerDescriptor(digest, manifest, content)
  }

  /** Layout directories below `baseDir` (or `baseDir/prefix`), relative to `baseDir`. */
  catalog(prefix?: string): Promise<string[]> {
    return catalog(this.options.baseDir, prefix)
  }
}
