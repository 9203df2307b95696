// The live check of the engine's integration tests: every digest arrived intact, every tag on it.
import { afterAll, beforeAll, expect } from '@jest/globals'
import type { Store } from '../../src/oci/store.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { seedWorkload, type SeededImage, type SeededWorkload } from '../harness/seed.js'
import type { SeedWorkloadOptions } from '../harness/workload.js'

/** Every digest (and index child) readable with identical bytes, every tag on its digest. */
export async function expectPromoted(
  images: SeededImage[],
  source: Store,
  destination: Store,
  dstPrefix: string
): Promise<void> {
  for (const image of images) {
    const repo = `${dstPrefix}/${image.name}`
    for (const digest of [image.digest, ...(image.children ?? [])]) {
      const copied = await destination.manifestGet(repo, digest)
      const original = await source.manifestGet(image.repository, digest)
      expect(copied.mediaType).toBe(original.mediaType)
      expect(Buffer.from(copied.bytes).equals(Buffer.from(original.bytes))).toBe(true)
    }
    for (const tag of image.tags) {
      expect((await destination.manifestHead(repo, tag))?.digest).toBe(image.digest)
    }
  }
}

export interface TwoRegistries {
  staging: TestRegistry
  production: TestRegistry
  workload: SeededWorkload
}

/** A staging and a production registry, staging seeded; filled in beforeAll, stopped after. */
export function twoRegistries(workloadOptions: Omit<SeedWorkloadOptions, 'prefix'>): TwoRegistries {
  const scene = {} as TwoRegistries
  beforeAll(async () => {
    ;[scene.staging, scene.production] = await Promise.all([startRegistry(), startRegistry()])
    scene.workload = await seedWorkload(scene.staging, { prefix: 'staging', ...workloadOptions })
  })
  afterAll(async () => {
    await scene.staging?.stop()
    await scene.production?.stop()
  })
  return scene
}
