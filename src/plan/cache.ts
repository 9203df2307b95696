// The inventory cache: per destination repository, tag -> digest and digests seen, each with the
// time it was read live. One versioned JSON file per repository in one directory (the action
// saves and restores it with @actions/cache; the CLI takes --cache-dir). A hint, never truth for
// a write: the plan trusts only young entries, and only to call an edge `done`.
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const CACHE_FORMAT_VERSION = 1
/** Default age under which a cached entry may mark an edge `done`: 6 hours. */
export const DEFAULT_CACHE_MAX_AGE_MS = 6 * 60 * 60 * 1000

export interface CachedRepository {
  version: typeof CACHE_FORMAT_VERSION
  repository: string
  /** Last time anything in this file was read live (ms since epoch). */
  fetchedAt: number
  /** tag -> [digest, read at] */
  tags: Record<string, [string, number]>
  /** digest -> read at */
  digests: Record<string, number>
}

export interface InventoryCacheOptions {
  /** Entries older than this are ignored. Default DEFAULT_CACHE_MAX_AGE_MS. */
  maxAgeMs?: number
  /** Clock, for tests. Default Date.now. */
  now?: () => number
}

function fileName(repository: string): string {
  return `${createHash('sha256').update(repository).digest('hex').slice(0, 32)}.json`
}

function isCachedRepository(value: unknown, repository: string): value is CachedRepository {
  const v = value as CachedRepository | null
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === CACHE_FORMAT_VERSION &&
    v.repository === repository &&
    typeof v.tags === 'object' &&
    typeof v.digests === 'object'
  )
}

export class InventoryCache {
  readonly dir: string
  readonly maxAgeMs: number
  private readonly now: () => number
  private readonly entries = new Map<string, CachedRepository>()
  private readonly dirty = new Set<string>()

  constructor(dir: string, options: InventoryCacheOptions = {}) {
    this.dir = join(dir, `v${CACHE_FORMAT_VERSION}`)
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS
    this.now = options.now ?? Date.now
  }

  /** Read the cached files of these repositories; unreadable or foreign files count as empty. */
  async load(repositories: Iterable<string>): Promise<void> {
    const pending = [...repositories].filter((r) => !this.entries.has(r))
    await Promise.all(
      pending.map(async (repository) => {
        try {
          const parsed: unknown = JSON.parse(
            await readFile(join(this.dir, fileName(repository)), 'utf8')
          )
          if (isCachedRepository(parsed, repository)) this.entries.set(repository, parsed)
        } catch {
          // A missing or corrupt file is an empty cache entry: the plan reads live instead.
        }
      })
    )
  }

  private fresh(at: number | undefined): boolean {
    return at !== undefined && this.now() - at < this.maxAgeMs
  }

  /** The digest a tag pointed at when read less than maxAge ago; undefined if unknown or old. */
  tagDigest(repository: string, tag: string): string | undefined {
    const hit = this.entries.get(repository)?.tags[tag]
    return hit && this.fresh(hit[1]) ? hit[0] : undefined
  }

  /** True when the digest was seen in the repository less than maxAge ago. */
  hasDigest(repository: string, digest: string): boolean {
    return this.fresh(this.entries.get(repository)?.digests[digest])
  }

  /** Tags the cache knows for the repository at any age (a hint for choosing a read strategy). */
  knownTags(repository: string): ReadonlySet<string> {
    return new Set(Object.keys(this.entries.get(repository)?.tags ?? {}))
  }

  private entry(repository: string): CachedRepository {
    let e = this.entries.get(repository)
    if (!e) {
      e = { version: CACHE_FORMAT_VERSION, repository, fetchedAt: 0, tags: {}, digests: {} }
      this.entries.set(repository, e)
    }
    this.dirty.add(repository)
    e.fetchedAt = this.now()
    return e
  }

  /** Record a live read of a tag (null: the tag does not exist). */
  recordTag(repository: string, tag: string, digest: string | null): void {
    const e = this.entry(repository)
    if (digest === null) delete e.tags[tag]
    else {
      e.tags[tag] = [digest, this.now()]
      e.digests[digest] = this.now()
    }
  }

  /** Record a live read of a digest's presence. */
  recordDigest(repository: string, digest: string, exists: boolean): void {
    const e = this.entry(repository)
    if (exists) e.digests[digest] = this.now()
    else delete e.digests[digest]
  }

  /** Write every changed repository file (atomically: temporary file, then rename). */
  async save(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await Promise.all(
      [...this.dirty].map(async (repository) => {
        const path = join(this.dir, fileName(repository))
        const temporary = `${path}.${process.pid}.tmp`
        await writeFile(temporary, JSON.stringify(this.entries.get(repository)))
        await rename(temporary, path)
      })
    )
    this.dirty.clear()
  }
}
