import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InventoryCache } from '../../src/plan/cache.js'
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
    const files = await readdir(join(dir, 'v1'))
    expect(files).toHaveLength(1)
    expect(JSON.parse(await readFile(join(dir, 'v1', files[0]!), 'utf8'))).toMatchObject({
      version: 1,
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

  it('treats corrupt or foreign files as empty', async () => {
    const dir = await saved()
    const [file] = await readdir(join(dir, 'v1'))
    await writeFile(join(dir, 'v1', file!), '{not json')
    const cache = new InventoryCache(dir, { now: () => 1000 })
    await cache.load([REPO])
    expect(cache.tagDigest(REPO, 'v1')).toBeUndefined()
    await writeFile(
      join(dir, 'v1', file!),
      JSON.stringify({ version: 1, repository: 'other', tags: {}, digests: {} })
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
})
