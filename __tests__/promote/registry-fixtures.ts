// The live check of the engine's integration tests: every digest arrived intact, every tag on it.
import { expect } from '@jest/globals'
import type { Store } from '../../src/oci/store.js'
import type { SeededImage } from '../harness/seed.js'

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
