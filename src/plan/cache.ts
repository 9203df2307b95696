// The inventory cache: per destination repository, tag -> digest and digests seen, each with the
// time it was read live. One versioned JSON file per repository in one directory (the action
// saves and restores it with @actions/cache; the CLI takes --cache-dir); the format is in
// cache-file.ts. A hint, never truth for a write: the plan trusts only young entries, only to call
// an edge `done`, and only in a run that does not write. The files are read as hostile input: no
// symlinks, a size cap, entries checked one by one (a time in the future is ignored).
// Files are read and written synchronously: a full plan has ~9,800 of them, and a promise per
// file operation cost more CPU than the reads themselves.
import { createHash } from 'node:crypto'
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync
} from 'node:fs'
import { join } from 'node:path'
import {
  CACHE_FORMAT_VERSION,
  CachedRepository,
  cacheFileText,
  fileRepository,
  interner,
  readCacheFile,
  type Intern
} from './cache-file.js'

export { CACHE_FORMAT_VERSION, CachedRepository } from './cache-file.js'
/** Default age under which a cached entry may mark an edge `done`: 6 hours. */
export const DEFAULT_CACHE_MAX_AGE_MS = 6 * 60 * 60 * 1000
/** Largest cache file read (one repository); a larger one is ignored. */
export const MAX_CACHE_FILE_BYTES = 32 * 1024 * 1024

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

/** True when `path` exists and is a real directory (not a symlink to one). */
function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Create `path` if absent; throws when it is anything but a real directory (a symlink, say). */
function plainDirectory(path: string, parents: boolean): void {
  if (!isRealDirectory(path)) {
    try {
      mkdirSync(path, { recursive: parents })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    if (!isRealDirectory(path))
      throw new Error(`${path} is not a plain directory (a symlink?); the cache is not written`)
  }
}

/** Text of a regular file, opened without following a symlink; undefined if absent or too large. */
function readRegularFile(path: string): string | undefined {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const info = fstatSync(fd)
    if (!info.isFile() || info.size > MAX_CACHE_FILE_BYTES) return undefined
    const buffer = Buffer.allocUnsafe(info.size)
    let read = 0
    while (read < info.size) {
      const n = readSync(fd, buffer, read, info.size - read, read)
      if (n === 0) break
      read += n
    }
    return buffer.toString('utf8', 0, read)
  } finally {
    closeSync(fd)
  }
}

/** Parsed JSON of a file, or undefined when absent, unreadable, too large or not JSON. */
function readJson(path: string): unknown {
  try {
    const text = readRegularFile(path)
    return text === undefined ? undefined : (JSON.parse(text) as unknown)
  } catch {
    return undefined
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
  private readonly intern: Intern = interner()
  private readonly entries = new Map<string, CachedRepository>()
  private readonly dirty = new Set<string>()
  /** File name -> repository, for files this run loaded (the sweep need not read them again). */
  private readonly loaded = new Map<string, string>()

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
    await Promise.resolve()
    if (!isRealDirectory(this.root) || !isRealDirectory(this.dir)) return
    for (const repository of repositories) {
      if (this.entries.has(repository)) continue
      const name = fileName(repository)
      const entry = readCacheFile(readJson(join(this.dir, name)), repository, this.intern)
      // A missing or corrupt file is an empty cache entry: the plan reads live instead.
      if (!entry) continue
      this.entries.set(repository, entry)
      this.loaded.set(name, repository)
    }
  }

  /** Read at most maxAge ago, and not in the future (a forged or skewed time proves nothing). */
  private fresh(at: number | undefined): boolean {
    if (!this.answers || at === undefined) return false
    const age = this.now() - at
    return age >= 0 && age < this.maxAgeMs
  }

  /** The digest a tag pointed at when read less than maxAge ago; undefined if unknown or old. */
  tagDigest(repository: string, tag: string): string | undefined {
    const e = this.entries.get(repository)
    const ti = e?.tagAt.get(tag)
    return ti !== undefined && this.fresh(e!.times[ti]) ? e!.tagDigest.get(tag) : undefined
  }

  /** True when the digest was seen in the repository less than maxAge ago. */
  hasDigest(repository: string, digest: string): boolean {
    const e = this.entries.get(repository)
    const ti = e?.digestAt.get(digest)
    return ti !== undefined && this.fresh(e!.times[ti])
  }

  /** Tags the cache knows for the repository at any age (a hint for choosing a read strategy). */
  knownTags(repository: string): ReadonlySet<string> {
    return new Set(this.entries.get(repository)?.tagAt.keys())
  }

  private entry(repository: string, now: number): CachedRepository {
    let e = this.entries.get(repository)
    if (!e) this.entries.set(repository, (e = new CachedRepository(repository, 0)))
    this.dirty.add(repository)
    e.fetchedAt = now
    return e
  }

  /** Record a live read of a tag (null: the tag does not exist). */
  recordTag(repository: string, tag: string, digest: string | null): void {
    const now = this.now()
    const e = this.entry(repository, now)
    if (digest === null) {
      e.tagDigest.delete(tag)
      e.tagAt.delete(tag)
    } else {
      const ti = e.timeIndex(now)
      digest = this.intern(digest) // from a tag listing: one string per listing otherwise
      e.tagDigest.set(tag, digest)
      e.tagAt.set(tag, ti)
      e.digestAt.set(digest, ti)
    }
  }

  /** Record a live read of a digest's presence. */
  recordDigest(repository: string, digest: string, exists: boolean): void {
    const now = this.now()
    const e = this.entry(repository, now)
    if (exists) e.digestAt.set(this.intern(digest), e.timeIndex(now))
    else e.digestAt.delete(digest)
  }

  /** Read less than maxAge ago (by this run's clock): worth saving. */
  private readonly young = (at: number): boolean => {
    const age = this.now() - at
    return age >= 0 && age < this.maxAgeMs
  }

  /**
   * Write every changed repository file (atomically: a new temporary file, then rename), and drop
   * stale entries from every file in the directory, so what is saved was read live within maxAge.
   * Never throws and never writes through a symlink: a symlinked cache directory is left alone.
   * Returns false (with saveError set) when something was not written.
   */
  async save(): Promise<boolean> {
    await Promise.resolve()
    this.saveError = undefined
    if (this.dirty.size === 0 && !isRealDirectory(this.dir)) return true
    try {
      plainDirectory(this.root, true)
      plainDirectory(this.dir, false)
      const written = new Set<string>()
      for (const repository of this.dirty) {
        const name = fileName(repository)
        written.add(name)
        this.write(name, cacheFileText(this.entries.get(repository)!, this.young))
      }
      for (const name of readdirSync(this.dir)) {
        if (written.has(name)) continue
        const text = this.sweep(name)
        if (text !== null) this.write(name, text)
      }
      this.dirty.clear()
      return true
    } catch (error) {
      this.saveError = (error as Error).message
      return false
    }
  }

  /**
   * A file this run did not change: null to leave it as it is (all young), otherwise its pruned
   * text ('' removes the file, as for a corrupt or foreign one). A file loaded by this run is
   * judged from what was loaded, not read again.
   */
  private sweep(name: string): string | null {
    const known = this.loaded.get(name)
    let entry = known === undefined ? undefined : this.entries.get(known)
    if (!entry) {
      const value = readJson(join(this.dir, name))
      const repository = fileRepository(value)
      entry =
        repository !== undefined && fileName(repository) === name
          ? readCacheFile(value, repository, this.intern)
          : undefined
      if (!entry) return ''
    }
    return entry.allKept(this.young) ? null : cacheFileText(entry, this.young)
  }

  /** Write one file atomically, or remove it when nothing in it is worth keeping (text ''). */
  private write(name: string, text: string): void {
    const path = join(this.dir, name)
    if (text === '') {
      try {
        unlinkSync(path) // unlink removes a link itself, never its target
      } catch {
        // already absent
      }
      return
    }
    const temporary = `${path}.${process.pid}.tmp`
    // wx: O_CREAT|O_EXCL, which never follows a symlink planted at the temporary name.
    let fd: number
    try {
      fd = openSync(temporary, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      unlinkSync(temporary) // a leftover (or a planted link): remove the name, then create anew
      fd = openSync(temporary, 'wx', 0o600)
    }
    try {
      const bytes = Buffer.from(text)
      let done = 0
      while (done < bytes.length) done += writeSync(fd, bytes, done)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path) // replaces a symlink at `path` itself, never its target
  }
}
