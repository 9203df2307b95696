// A cache planted in the workspace (or restored from anywhere) cannot make a run skip work: on a
// real registry, entries dated in the future are ignored even by a read-only plan, and a run
// that writes reads every destination live, however young the cache claims to be.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { runPromotion } from '../../src/pipeline/run.js'
import type { RunOptions } from '../../src/pipeline/options.js'
import { InventoryCache } from '../../src/plan/cache.js'
import { buildScene, type Scene } from './fixture.js'

const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000
let registry: TestRegistry

beforeAll(async () => {
  registry = await startRegistry()
})
afterAll(async () => registry?.stop())

/** A cache claiming every edge of the scene is already in both destinations, read at `at`. */
async function forgeCache(scene: Scene, dests: string[], at: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'forged-cache-'))
  const forged = new InventoryCache(dir, { now: () => at })
  const { app, base, lost, tool } = scene.digests
  for (const dest of dests) {
    for (const [image, digest, tags] of [
      ['app', app, ['1.0', 'latest']],
      ['base', base, ['v1']],
      ['base', lost, ['v0']],
      ['tool', tool, []]
    ] as const) {
      forged.recordDigest(`${dest}/${image}`, digest, true)
      for (const tag of tags) forged.recordTag(`${dest}/${image}`, tag, digest)
    }
  }
  expect(await forged.save()).toBe(true)
  return dir
}

function options(scene: Scene, cacheDir: string, over: Partial<RunOptions> = {}): RunOptions {
  return {
    thinManifestDir: scene.manifestDir,
    cacheDir,
    checkLostDestinations: true,
    tolerate: ['lost', 'conflict'],
    trust: { provenance: { mode: 'off' }, sign: false },
    ...over
  }
}

const headDigest = async (path: string): Promise<string | null> =>
  (
    await fetch(`${registry.url}/v2/${path}`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' }
    })
  ).headers.get('docker-content-digest')

describe('a forged inventory cache', () => {
  it('dated in the future: a read-only plan and a writing run both see the truth, and the run promotes', async () => {
    const dests = [`${registry.host}/future-1`, `${registry.host}/future-2`]
    const scene = await buildScene(registry, dests, 'future')
    const cacheDir = await forgeCache(scene, dests, Date.now() + TEN_YEARS)
    const check = await runPromotion(options(scene, cacheDir, { readOnly: true }), scene.dir)
    expect(check.plan!.counts).toMatchObject({ promote: 7, done: 0, lost: 2, conflict: 1 })
    expect(check.plan!.edges.some((e) => e.fromCache)).toBe(false)
    const run = await runPromotion(options(scene, cacheDir, { confirm: true }), scene.dir)
    expect(run.report.counts).toMatchObject({ promoted: 7, lost: 2, conflicts: 1 })
    expect(await headDigest('future-2/base/manifests/v1')).toBe(scene.digests.base)
    expect(await headDigest(`future-1/tool/manifests/${scene.digests.tool}`)).toBe(
      scene.digests.tool
    )
  })

  it('young but false: a run that writes never trusts it and promotes', async () => {
    const dests = [`${registry.host}/young-1`, `${registry.host}/young-2`]
    const scene = await buildScene(registry, dests, 'young')
    const cacheDir = await forgeCache(scene, dests, Date.now() - 1000)
    // a read-only plan may take young entries as `done` (that is what the cache is for) ...
    const check = await runPromotion(options(scene, cacheDir, { readOnly: true }), scene.dir)
    expect(check.plan!.edges.filter((e) => e.fromCache).length).toBeGreaterThan(0)
    // ... but a writing run decides from live reads only
    const run = await runPromotion(options(scene, cacheDir, { confirm: true }), scene.dir)
    expect(run.plan!.edges.some((e) => e.fromCache)).toBe(false)
    expect(run.report.counts).toMatchObject({ promoted: 7, lost: 2, conflicts: 1 })
    expect(await headDigest('young-2/base/manifests/v1')).toBe(scene.digests.base)
  })
})
