// The inventory cache: per destination repository, tag -> digest and digests seen, each with the
// time it was read live. One versioned JSON file per repository in one directory (the action
// saves and restores it with @actions/cache; the CLI takes --cache-dir). A hint, never truth for
// a write: the plan trusts only young entries, only to call an edge `done`, and only in a run
// that does not write. The files are read as hostile input: no symlinks, a size cap, entries
// checked one by one (a time in the future is ignored), null-prototype maps.
import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { lstat, mkdir, open, readdir, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { mapBounded } from '../concurrency/index.js'
import { isDigest } from '../oci/digest.js'

export const CACHE_FORMAT_VERSION = 1
/** Default age under which a cached entry may mark an edge `done`: 6 hours. */
export const DEFAULT_CACHE_MAX_AGE_MS = 6 * 60 * 60 * 1000
/** Largest cache file read (one repository); a larger one is ignored. */
export const MAX_CACHE_FILE_BYTES = 32 * 1024 * 1024
/** Repository files written at once by save(). */
const CACHE_WRITES_AT_ONCE = 16

export interface CachedRepository {
  version: typeof CACHE_FORMAT_VERSION
  repository: string
  /** Last time anything in this file was read live (ms since epoch). */
  fetchedAt: number
  /** tag -> [digest, read at] (null prototype) */
  tags: Record<string, [string, number]>
  /** digest -> read at (null prototype) */
  digests: Record<string, number>
}

export interface InventoryCacheOptions {
  /** Entries older than this are ignored. Default DEFAULT_CACHE_MAX_AGE_MS. */
  maxAgeMs?: number
  /**
   * False for a run that writes: live reads are recorded and saved, but no entry answers
   * tagDigest/hasDigest, so every write decision rests on a live read. Default true.
   */
  answers?: boolean
  /** Clock, for tests. Default Date.now. */
  now?: () => number
}

function fileName(repository: string): string {
  return `${createHash('sha256').update(repository).digest('hex').slice(0, 32)}.json`
}

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The well-formed entries of a parsed file, in null-prototype maps; undefined if not ours. */
function readCachedRepository(value: unknown, repository: string): CachedRepository | undefined {
  if (!isPlainObject(value)) return undefined
  if (value.version !== CACHE_FORMAT_VERSION || value.repository !== repository) return undefined
  if (!isPlainObject(value.tags) || !isPlainObject(value.digests)) return undefined
  const tags = Object.create(null) as CachedRepository['tags']
  for (const [tag, hit] of Object.entries(value.tags)) {
    if (Array.isArray(hit) && typeof hit[0] === 'string' && isDigest(hit[0]) && isTime(hit[1]))
      tags[tag] = [hit[0], hit[1]]
  }
  const digests = Object.create(null) as CachedRepository['digests']
  for (const [digest, at] of Object.entries(value.digests))
    if (isDigest(digest) && isTime(at)) digests[digest] = at
  const fetchedAt = isTime(value.fetchedAt) ? value.fetchedAt : 0
  return { version: CACHE_FORMAT_VERSION, repository, fetchedAt, tags, digests }
}

/** True when `path` exists and is a real directory (not a symlink to one). */
async function isRealDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory()
  } catch {
    return false
  }
}

/** Create `path` if absent; throws when it is anything but a real directory (a symlink, say). */
async function plainDirectory(path: string, parents: boolean): Promise<void> {
  if (!(await isRealDirectory(path))) {
    await mkdir(path, { recursive: parents }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
    if (!(await isRealDirectory(path)))
      throw new Error(`${path} is not a plain directory (a symlink?); the cache is not written`)
  }
}

/** Text of a regular file, opened without following a symlink; undefined if absent or too large. */
async function readRegularFile(path: string): Promise<string | undefined> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const info = await handle.stat()
    if (!info.isFile() || info.size > MAX_CACHE_FILE_BYTES) return undefined
    const buffer = Buffer.alloc(info.size)
    const { bytesRead } = await handle.read(buffer, 0, info.size, 0)
    return buffer.toString('utf8', 0, bytesRead)
  } finally {
    await handle.close()
  }
}

export class InventoryCache {
  readonly dir: string
  readonly maxAgeMs: number
  readonly answers: boolean
  /** Why the last save wrote nothing (cache problems never fail a run). */
  saveError?: string
  private readonly root: string
  private readonly now: () => number
  private readonly entries = new Map<string, CachedRepository>()
  private readonly dirty = new Set<string>()

  constructor(dir: string, options: InventoryCacheOptions = {}) {
    this.root = dir
    this.dir = join(dir, `v${CACHE_FORMAT_VERSION}`)
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS
    this.answers = options.answers ?? true
    this.now = options.now ?? Date.now
  }

  /**
   * Read the cached files of these repositories. A symlinked directory or file, a file over
   * MAX_CACHE_FILE_BYTES, an unreadable, corrupt or foreign file all count as empty.
   */
  async load(repositories: Iterable<string>): Promise<void> {
    const pending = [...repositories].filter((r) => !this.entries.has(r))
    if (pending.length === 0) return
    if (!(await isRealDirectory(this.root)) || !(await isRealDirectory(this.dir))) return
    await Promise.all(
      pending.map(async (repository) => {
        try {
          const text = await readRegularFile(join(this.dir, fileName(repository)))
          const entry = text && readCachedRepository(JSON.parse(text), repository)
          if (entry && !this.entries.has(repository)) this.entries.set(repository, entry)
        } catch {
          // A missing or corrupt file is an empty cache entry: the plan reads live instead.
        }
      })
    )
  }

  /** Read at most maxAge ago, and not in the future (a forged or skewed time proves nothing). */
  private fresh(at: number | undefined): boolean {
    if (!this.answers || at === undefined) return false
    const age = this.now() - at
    return age >= 0 && age < this.maxAgeMs
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
      e = {
        version: CACHE_FORMAT_VERSION,
        repository,
        fetchedAt: 0,
        tags: Object.create(null) as CachedRepository['tags'],
        digests: Object.create(null) as CachedRepository['digests']
      }
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

  /** Read less than maxAge ago (by this run's clock): worth saving. */
  private young(at: number): boolean {
    const age = this.now() - at
    return age >= 0 && age < this.maxAgeMs
  }

  /** The entry without what is stale (a run never passes on entries it did not re-read). */
  private pruned(e: CachedRepository): CachedRepository {
    const tags = Object.create(null) as CachedRepository['tags']
    for (const [tag, hit] of Object.entries(e.tags)) if (this.young(hit[1])) tags[tag] = hit
    const digests = Object.create(null) as CachedRepository['digests']
    for (const [digest, at] of Object.entries(e.digests)) if (this.young(at)) digests[digest] = at
    return { ...e, tags, digests }
  }

  /**
   * Write every changed repository file (atomically: a new temporary file, then rename), and drop
   * stale entries from every file in the directory, so what is saved was read live within maxAge.
   * Never throws and never writes through a symlink: a symlinked cache directory is left alone.
   * Returns false (with saveError set) when something was not written.
   */
  async save(): Promise<boolean> {
    this.saveError = undefined
    if (this.dirty.size === 0 && !(await isRealDirectory(this.dir))) return true
    try {
      await plainDirectory(this.root, true)
      await plainDirectory(this.dir, false)
      // file name -> the changed repository (pruned when written) or a swept file's entry.
      const writes = new Map<string, string | CachedRepository>()
      for (const repository of this.dirty) writes.set(fileName(repository), repository)
      for (const name of await readdir(this.dir)) {
        if (writes.has(name)) continue
        const kept = await this.readForSweep(name)
        if (kept !== null) writes.set(name, kept)
      }
      // A few files at a time, each pruned and serialised as it is written: all at once held a
      // pruned copy and the JSON text of every entry together (+390 MB for a k8s.io plan's
      // 720,000 read tags without Google's listing) and a file handle each.
      await mapBounded(writes, CACHE_WRITES_AT_ONCE, ([name, entry]) =>
        this.write(name, typeof entry === 'string' ? this.pruned(this.entries.get(entry)!) : entry)
      )
      this.dirty.clear()
      return true
    } catch (error) {
      this.saveError = (error as Error).message
      return false
    }
  }

  /**
   * A file this run did not touch: null to leave it as it is (all young), otherwise its pruned
   * entry (an empty one removes the file; so does a corrupt or foreign file).
   */
  private async readForSweep(name: string): Promise<CachedRepository | null> {
    const empty = (repository: string): CachedRepository => ({
      version: CACHE_FORMAT_VERSION,
      repository,
      fetchedAt: 0,
      tags: Object.create(null) as CachedRepository['tags'],
      digests: Object.create(null) as CachedRepository['digests']
    })
    try {
      const text = await readRegularFile(join(this.dir, name))
      const value: unknown = text === undefined ? undefined : JSON.parse(text)
      const repository = isPlainObject(value) ? value.repository : undefined
      const entry =
        typeof repository === 'string' && fileName(repository) === name
          ? readCachedRepository(value, repository)
          : undefined
      if (!entry) return empty('')
      const kept = this.pruned(entry)
      const same =
        Object.keys(kept.tags).length === Object.keys(entry.tags).length &&
        Object.keys(kept.digests).length === Object.keys(entry.digests).length
      return same ? null : kept
    } catch {
      return empty('')
    }
  }

  /** Write one file atomically, or remove it when nothing in it is worth keeping. */
  private async write(name: string, entry: CachedRepository): Promise<void> {
    const path = join(this.dir, name)
    if (Object.keys(entry.tags).length === 0 && Object.keys(entry.digests).length === 0) {
      await unlink(path).catch(() => undefined) // unlink removes a link itself, never its target
      return
    }
    const temporary = `${path}.${process.pid}.tmp`
    await unlink(temporary).catch(() => undefined)
    // wx: O_CREAT|O_EXCL, which never follows a symlink planted at the temporary name.
    const handle = await open(temporary, 'wx', 0o600)
    try {
      await handle.writeFile(JSON.stringify(entry))
    } finally {
      await handle.close()
    }
    await rename(temporary, path) // replaces a symlink at `path` itself, never its target
  }
}
