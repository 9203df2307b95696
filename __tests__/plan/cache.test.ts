import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InventoryCache, MAX_CACHE_FILE_BYTES } from '../../src/plan/cache.js'
import { digestOf } from './fake-store.js'

const A = digestOf('a')
const REPO = 'us.gcr.io/prod/foo'

async function saved(now = () => 1000) {
  const dir = await mkdtemp(join(tmpdir(), 'inventory-cache-'))
  const cache = new InventoryCache(dir, { now, maxAgeMs: 100 })
  cache.recordTag(REPO, 'v1', A)
  cache.recordDigest(REPO, digestOf('b'), true)
  await cache.save()
  return dir
}

describe('InventoryCache', () => {
  it('round-trips tags and digests through one versioned file per repository', async () => {
    const dir = await saved()
    const files = await readdir(join(dir, 'v2'))
    expect(files).toHaveLength(1)
    expect(JSON.parse(await readFile(join(dir, 'v2', files[0]!), 'utf8'))).toMatchObject({
      version: 2,
      repository: REPO
    })
    const cache = new InventoryCache(dir, { now: () => 1050, maxAgeMs: 100 })
    await cache.load([REPO])
    expect(cache.tagDigest(REPO, 'v1')).toBe(A)
    expect(cache.hasDigest(REPO, digestOf('b'))).toBe(true)
    expect(cache.knownTags(REPO)).toEqual(new Set(['v1']))
  })

  it('ignores entries older than the max age', async () => {
    const dir = await saved()
    const cache = new InventoryCache(dir, { now: () => 1100, maxAgeMs: 100 })
    await cache.load([REPO])
    expect(cache.tagDigest(REPO, 'v1')).toBeUndefined()
    expect(cache.hasDigest(REPO, A)).toBe(false)
  })

  it('never saves stale entries it did not re-read (issue #15)', async () => {
    const dir = await saved() // REPO read at 1000
    const OTHER = 'us.gcr.io/prod/bar'
    const early = new InventoryCache(dir, { now: () => 1010, maxAgeMs: 100 })
    early.recordTag(OTHER, 'x', A)
    await early.save()
    // At 1150 REPO's entries are stale; this run re-reads one tag of REPO and nothing of OTHER.
    const later = new InventoryCache(dir, { now: () => 1150, maxAgeMs: 100 })
    await later.load([REPO])
    later.recordTag(REPO, 'v2', digestOf('c'))
    expect(await later.save()).toBe(true)
    const files = await readdir(join(dir, 'v2'))
    const saved1 = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(join(dir, 'v2', f), 'utf8')))
    )
    // OTHER (read at 1010, stale at 1150, not re-read) is gone; REPO keeps only what was re-read.
    expect(saved1).toHaveLength(1)
    expect(saved1[0]).toMatchObject({ repository: REPO })
    expect(saved1[0]).toMatchObject({ tags: ['v2', 0, 0], digests: [digestOf('c')], seen: [0, 0] })
  })

  it('treats corrupt or foreign files as empty', async () => {
    const dir = await saved()
    const [file] = await readdir(join(dir, 'v2'))
    await writeFile(join(dir, 'v2', file!), '{not json')
    const cache = new InventoryCache(dir, { now: () => 1000 })
    await cache.load([REPO])
    expect(cache.tagDigest(REPO, 'v1')).toBeUndefined()
    await writeFile(
      join(dir, 'v2', file!),
      JSON.stringify({
        version: 2,
        repository: 'other',
        times: [],
        digests: [],
        tags: [],
        seen: []
      })
    )
    await cache.load([REPO])
    expect(cache.knownTags(REPO).size).toBe(0)
  })

  it('forgets a tag read live as absent', async () => {
    const dir = await saved()
    const cache = new InventoryCache(dir, { now: () => 1000 })
    await cache.load([REPO])
    cache.recordTag(REPO, 'v1', null)
    expect(cache.tagDigest(REPO, 'v1')).toBeUndefined()
  })

  it('ignores entries read "in the future": a forged time proves nothing', async () => {
    const dir = await saved(() => 10_000_000) // written as if far ahead of the reader's clock
    const cache = new InventoryCache(dir, { now: () => 1000, maxAgeMs: 100 })
    await cache.load([REPO])
    expect(cache.tagDigest(REPO, 'v1')).toBeUndefined()
    expect(cache.hasDigest(REPO, A)).toBe(false)
  })

  it('a cache for a run that writes records live reads but never answers', async () => {
    const dir = await saved()
    const cache = new InventoryCache(dir, { now: () => 1050, maxAgeMs: 100, answers: false })
    await cache.load([REPO])
    expect(cache.tagDigest(REPO, 'v1')).toBeUndefined()
    expect(cache.hasDigest(REPO, digestOf('b'))).toBe(false)
    cache.recordTag(REPO, 'v2', A)
    expect(await cache.save()).toBe(true)
    const reader = new InventoryCache(dir, { now: () => 1050, maxAgeMs: 100 })
    await reader.load([REPO])
    expect(reader.tagDigest(REPO, 'v2')).toBe(A)
  })

  it('drops malformed entries one by one', async () => {
    const dir = await saved()
    const [file] = await readdir(join(dir, 'v2'))
    const C = digestOf('c')
    const forged = {
      version: 2,
      repository: REPO,
      fetchedAt: 1000,
      times: [1000, 'x', -5, null],
      digests: [A, 'not-a-digest', C, 7],
      tags: [
        ...['v1', 1, 0], // not a digest
        ...['v2', 0, 1], // not a time
        ...['v3', 0, 2], // negative time
        ...['v4', 9, 0], // no such digest
        ...['v5', 0, 9], // no such time
        ...['v6', 0.5, 0], // not an index
        ...['__proto__', 0, 0],
        ...[42, 0, 0], // not a tag
        ...['ok', 0, 0],
        ...['tail', 0] // cut short
      ],
      seen: [0, 0, 1, 0, 2, 2, 3, 0, 2]
    }
    await writeFile(join(dir, 'v2', file!), JSON.stringify(forged))
    const cache = new InventoryCache(dir, { now: () => 1000, maxAgeMs: 100 })
    await cache.load([REPO])
    for (const tag of ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', '42', 'tail', 'constructor'])
      expect(cache.tagDigest(REPO, tag)).toBeUndefined()
    expect(cache.tagDigest(REPO, 'ok')).toBe(A)
    expect(cache.tagDigest(REPO, '__proto__')).toBe(A)
    expect(cache.hasDigest(REPO, A)).toBe(true)
    expect(cache.hasDigest(REPO, 'not-a-digest')).toBe(false)
    expect(cache.hasDigest(REPO, C)).toBe(false)
    expect([...cache.knownTags(REPO)].sort()).toEqual(['__proto__', 'ok'])
  })

  it('writes each digest and read time once, entries refer to them by index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inventory-compact-'))
    let t = 1000
    const cache = new InventoryCache(dir, { now: () => t, maxAgeMs: 100 })
    cache.recordTag(REPO, 'v1', A)
    cache.recordTag(REPO, 'latest', A)
    t = 1001
    cache.recordDigest(REPO, digestOf('b'), true)
    expect(await cache.save()).toBe(true)
    const [file] = await readdir(join(dir, 'v2'))
    expect(JSON.parse(await readFile(join(dir, 'v2', file!), 'utf8'))).toEqual({
      version: 2,
      repository: REPO,
      fetchedAt: 1001,
      times: [1000, 1001],
      digests: [A, digestOf('b')],
      tags: ['v1', 0, 0, 'latest', 0, 0],
      seen: [0, 0, 1, 1]
    })
  })

  it('a save sweeps stale entries of files this run loaded without reading them again', async () => {
    const dir = await saved() // REPO read at 1000
    const cache = new InventoryCache(dir, { now: () => 1050, maxAgeMs: 100 })
    await cache.load([REPO])
    const [file] = await readdir(join(dir, 'v2'))
    const before = await readFile(join(dir, 'v2', file!), 'utf8')
    expect(await cache.save()).toBe(true) // all young: left as it is
    expect(await readFile(join(dir, 'v2', file!), 'utf8')).toBe(before)
    const later = new InventoryCache(dir, { now: () => 1150, maxAgeMs: 100 })
    await later.load([REPO])
    expect(await later.save()).toBe(true) // all stale: removed
    expect(await readdir(join(dir, 'v2'))).toEqual([])
  })

  it('reads no file of the v1 format (each digest and time on every entry)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inventory-v1-'))
    const name = `${createHash('sha256').update(REPO).digest('hex').slice(0, 32)}.json`
    const v1 = {
      version: 1,
      repository: REPO,
      fetchedAt: 1000,
      tags: { v1: [A, 1000] },
      digests: { [A]: 1000 }
    }
    for (const sub of ['v1', 'v2']) {
      await mkdir(join(dir, sub))
      await writeFile(join(dir, sub, name), JSON.stringify(v1))
    }
    const cache = new InventoryCache(dir, { now: () => 1050, maxAgeMs: 100 })
    await cache.load([REPO])
    expect(cache.tagDigest(REPO, 'v1')).toBeUndefined()
    expect(cache.hasDigest(REPO, A)).toBe(false)
  })

  it('follows no symlink: a linked directory or file reads as empty and is never written through', async () => {
    const elsewhere = await saved()
    const dir = await mkdtemp(join(tmpdir(), 'inventory-link-'))
    await symlink(elsewhere, join(dir, 'root'))
    const linkedRoot = new InventoryCache(join(dir, 'root'), { now: () => 1050, maxAgeMs: 100 })
    await linkedRoot.load([REPO])
    expect(linkedRoot.tagDigest(REPO, 'v1')).toBeUndefined()
    linkedRoot.recordTag(REPO, 'planted', A)
    expect(await linkedRoot.save()).toBe(false)
    expect(linkedRoot.saveError).toMatch(/symlink/)
    expect(await readdir(join(elsewhere, 'v2'))).toHaveLength(1)
    const [file] = await readdir(join(elsewhere, 'v2'))
    expect(await readFile(join(elsewhere, 'v2', file!), 'utf8')).not.toContain('planted')

    await mkdir(join(dir, 'plain'))
    await symlink(join(elsewhere, 'v2'), join(dir, 'plain', 'v2'))
    const linkedVersion = new InventoryCache(join(dir, 'plain'), { now: () => 1050, maxAgeMs: 100 })
    await linkedVersion.load([REPO])
    expect(linkedVersion.tagDigest(REPO, 'v1')).toBeUndefined()

    await mkdir(join(dir, 'files', 'v2'), { recursive: true })
    await symlink(join(elsewhere, 'v2', file!), join(dir, 'files', 'v2', file!))
    const linkedFile = new InventoryCache(join(dir, 'files'), { now: () => 1050, maxAgeMs: 100 })
    await linkedFile.load([REPO])
    expect(linkedFile.tagDigest(REPO, 'v1')).toBeUndefined()
  })

  it(`ignores a file larger than ${MAX_CACHE_FILE_BYTES / 2 ** 20} MiB`, async () => {
    const dir = await saved()
    const [file] = await readdir(join(dir, 'v2'))
    const text = await readFile(join(dir, 'v2', file!), 'utf8')
    await writeFile(join(dir, 'v2', file!), text + ' '.repeat(MAX_CACHE_FILE_BYTES))
    const cache = new InventoryCache(dir, { now: () => 1050, maxAgeMs: 100 })
    await cache.load([REPO])
    expect(cache.tagDigest(REPO, 'v1')).toBeUndefined()
  })

  it('save never throws: an unwritable place is a false answer with the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inventory-file-'))
    await writeFile(join(dir, 'not-a-dir'), 'x')
    const cache = new InventoryCache(join(dir, 'not-a-dir'), { now: () => 1000 })
    cache.recordTag(REPO, 'v1', A)
    await expect(cache.save()).resolves.toBe(false)
    expect(cache.saveError).toBeTruthy()
  })
})
