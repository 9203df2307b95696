// The real @actions/cache against the loopback cache-service emulator.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCacheService, type CacheService } from '../harness/actions-cache-service.js'
import { cacheKeys, cacheScope, restoreCaches, saveCaches } from '../../src/action/cache.js'

let service: CacheService
let workspace: string
const saved = { ...process.env }
const savedCwd = process.cwd()

beforeAll(async () => {
  service = await startCacheService()
  workspace = mkdtempSync(join(tmpdir(), 'ws-'))
  Object.assign(process.env, service.env(mkdtempSync(join(tmpdir(), 'rt-')), workspace))
  process.chdir(workspace)
})
afterAll(async () => {
  // jest reuses workers across test files: leave the cwd as it was
  process.chdir(savedCwd)
  process.env = saved
  await service.stop()
})

describe('caches', () => {
  it('keys are unique per run attempt and restore by prefix', () => {
    const a = cacheKeys('manifests/', '10', '1')
    const b = cacheKeys('manifests/', '10', '2')
    expect(a.primary).not.toBe(b.primary)
    expect(a.restoreKeys[0]).toBe(b.restoreKeys[0])
    expect(a.primary.startsWith(a.restoreKeys[0]!)).toBe(true)
    expect(cacheKeys('other/', '10', '1').restoreKeys[0]).not.toBe(a.restoreKeys[0])
  })

  it('the scope of a key is the manifest path in the checkout, not where the checkout is', () => {
    const [one, two] = [join(tmpdir(), 'runner-a', 'r'), join(tmpdir(), 'runner-b', '_work', 'r')]
    const a = cacheScope(one, join(one, 'k8s.io'))
    const b = cacheScope(two, join(two, 'k8s.io'))
    expect(a).toBe('k8s.io')
    expect(b).toBe(a)
    expect(cacheScope('/w', '/w/deploy/manifest.yaml')).toBe('deploy/manifest.yaml')
    expect(cacheScope('/w', '/w')).toBe('.')
  })

  it('saves, then a later run restores the newest entry of its scope', async () => {
    const dir = join(workspace, '.image-promoter-cache')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'inventory.json'), '{"run":1}')
    expect(await saveCaches([dir], cacheKeys('scope', '1', '1'))).toBe(true)
    writeFileSync(join(dir, 'inventory.json'), '{"run":2}')
    expect(await saveCaches([dir], cacheKeys('scope', '2', '1'))).toBe(true)
    rmSync(dir, { recursive: true })

    const matched = await restoreCaches([dir], cacheKeys('scope', '3', '1'))
    expect(matched).toBe(cacheKeys('scope', '2', '1').primary)
    expect(readFileSync(join(dir, 'inventory.json'), 'utf8')).toBe('{"run":2}')
    expect(service.calls.map((c) => c.method)).toContain('GetCacheEntryDownloadURL')
  })

  it('a second save under the same key is refused by the service and reported as not saved', async () => {
    const dir = join(workspace, 'dup')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'x'), 'x')
    const keys = cacheKeys('dup', '5', '1')
    expect(await saveCaches([dir], keys)).toBe(true)
    expect(await saveCaches([dir], keys)).toBe(false)
  })

  it('a miss restores nothing, and an unreachable service is a warning, not a failure', async () => {
    expect(
      await restoreCaches([join(workspace, 'miss')], cacheKeys('never-saved', '1', '1'))
    ).toBeUndefined()
    const url = process.env.ACTIONS_RESULTS_URL
    process.env.ACTIONS_RESULTS_URL = 'http://127.0.0.1:9/'
    try {
      expect(
        await restoreCaches([join(workspace, 'down')], cacheKeys('scope', '9', '1'))
      ).toBeUndefined()
      expect(await saveCaches([join(workspace, 'dup')], cacheKeys('scope', '9', '1'))).toBe(false)
    } finally {
      process.env.ACTIONS_RESULTS_URL = url
    }
  })
})
