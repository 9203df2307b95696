// One inventory-cache file (format v2) and its in-memory form. A full registry.k8s.io plan caches
// ~720,000 tags over ~9,800 repositories: v1 wrote every digest twice with a time on every entry
// (159 MB of JSON, 211 MB of heap, 5.7 s of CPU to load), so v2 writes each digest and each read
// time once per file and entries refer to them by index; in memory, entries are Map entries with
// a small time index, and digest and tag strings are shared across repositories.
import { isDigest } from '../oci/digest.js'

export const CACHE_FORMAT_VERSION = 2

/**
 * The file of one repository. `tags` is flat: tag, digest index, time index, ...; `seen` is flat:
 * digest index, time index, ... (digests seen in the repository).
 */
export interface CacheFileV2 {
  version: typeof CACHE_FORMAT_VERSION
  repository: string
  /** Last time anything in this file was read live (ms since epoch). */
  fetchedAt: number
  /** Read times (ms since epoch), each once. */
  times: number[]
  /** Digests, each once. */
  digests: string[]
  tags: (string | number)[]
  seen: number[]
}

export const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Shares equal strings (a digest is cached in every region of the tree). */
export interface Intern {
  (value: string): string
  /** The shared string of a well-formed digest, checked once per distinct value; else undefined. */
  digest(value: string): string | undefined
}

export function interner(): Intern {
  const seen = new Map<string, string>()
  const digests = new Map<string, string>()
  const intern = (value: string): string => {
    const known = seen.get(value)
    if (known !== undefined) return known
    seen.set(value, value)
    return value
  }
  intern.digest = (value: string): string | undefined => {
    const known = digests.get(value)
    if (known !== undefined) return known
    if (!isDigest(value)) return undefined
    const shared = intern(value)
    digests.set(shared, shared)
    return shared
  }
  return intern
}

/** What the cache knows of one repository; times are indexes into `times`. */
export class CachedRepository {
  /** Read times; an entry's time is `times[index]`. */
  readonly times: number[] = []
  readonly tagDigest = new Map<string, string>()
  readonly tagAt = new Map<string, number>()
  readonly digestAt = new Map<string, number>()

  constructor(
    readonly repository: string,
    public fetchedAt: number
  ) {}

  /** The index of this read time (the last one when equal: live reads come in bursts). */
  timeIndex(at: number): number {
    const last = this.times.length - 1
    if (last >= 0 && this.times[last] === at) return last
    this.times.push(at)
    return last + 1
  }

  /** True when every entry's time passes `keep`. */
  allKept(keep: (at: number) => boolean): boolean {
    for (const ti of this.tagAt.values()) if (!keep(this.times[ti]!)) return false
    for (const ti of this.digestAt.values()) if (!keep(this.times[ti]!)) return false
    return true
  }

  get size(): number {
    return this.tagAt.size + this.digestAt.size
  }
}

/**
 * The well-formed entries of a parsed file; undefined if it is not a v2 file of `repository`.
 * Entries are checked one by one: a bad index, time or digest drops that entry only.
 */
export function readCacheFile(
  value: unknown,
  repository: string,
  intern: Intern
): CachedRepository | undefined {
  if (!isPlainObject(value)) return undefined
  if (value.version !== CACHE_FORMAT_VERSION || value.repository !== repository) return undefined
  const { times, digests, tags, seen } = value
  if (!Array.isArray(times) || !Array.isArray(digests)) return undefined
  if (!Array.isArray(tags) || !Array.isArray(seen)) return undefined
  const entry = new CachedRepository(repository, isTime(value.fetchedAt) ? value.fetchedAt : 0)
  // Time index in the file -> index in the entry (-1: not a valid time).
  const timeAt = times.map((t: unknown) => (isTime(t) ? entry.timeIndex(t) : -1))
  const names = digests.map((d: unknown) => (typeof d === 'string' ? intern.digest(d) : undefined))
  const time = (i: unknown): number =>
    typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < timeAt.length ? timeAt[i]! : -1
  const digest = (i: unknown): string | undefined =>
    typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < names.length
      ? names[i]
      : undefined
  for (let i = 0; i + 2 < tags.length; i += 3) {
    const tag: unknown = tags[i]
    const d = digest(tags[i + 1])
    const ti = time(tags[i + 2])
    if (typeof tag !== 'string' || d === undefined || ti < 0) continue
    const shared = intern(tag)
    entry.tagDigest.set(shared, d)
    entry.tagAt.set(shared, ti)
  }
  for (let i = 0; i + 1 < seen.length; i += 2) {
    const d = digest(seen[i])
    const ti = time(seen[i + 1])
    if (d !== undefined && ti >= 0) entry.digestAt.set(d, ti)
  }
  return entry
}

/** The file of an entry, keeping only entries whose time passes `keep`. */
export function cacheFileText(entry: CachedRepository, keep: (at: number) => boolean): string {
  const times: number[] = []
  // Entry time index -> file time index; -1: dropped, -2: not decided yet.
  const timeOut = new Int32Array(entry.times.length).fill(-2)
  const time = (ti: number): number => {
    let out = timeOut[ti]!
    if (out === -2) {
      const at = entry.times[ti]!
      out = timeOut[ti] = keep(at) ? times.push(at) - 1 : -1
    }
    return out
  }
  const digests: string[] = []
  const digestOut = new Map<string, number>()
  const digest = (d: string): number => {
    let out = digestOut.get(d)
    if (out === undefined) digestOut.set(d, (out = digests.push(d) - 1))
    return out
  }
  const tags: (string | number)[] = []
  for (const [tag, ti] of entry.tagAt) {
    const t = time(ti)
    if (t >= 0) tags.push(tag, digest(entry.tagDigest.get(tag)!), t)
  }
  const seen: number[] = []
  for (const [d, ti] of entry.digestAt) {
    const t = time(ti)
    if (t >= 0) seen.push(digest(d), t)
  }
  if (tags.length === 0 && seen.length === 0) return ''
  const file: CacheFileV2 = {
    version: CACHE_FORMAT_VERSION,
    repository: entry.repository,
    fetchedAt: entry.fetchedAt,
    times,
    digests,
    tags,
    seen
  }
  return JSON.stringify(file)
}

/** The repository a parsed file names, if any (the sweep checks it against the file name). */
export function fileRepository(value: unknown): string | undefined {
  return isPlainObject(value) && typeof value.repository === 'string' ? value.repository : undefined
}
