// Sizes of a manifest set, as reported by `validate` and the parse bench.
import type { PromotionManifest } from './model.js'

export interface ManifestCounts {
  manifests: number
  /** Image entries, counted per manifest (the same name in two manifests counts twice). */
  images: number
  /** dmap entries (digest keys), counted per image entry. */
  digests: number
}

export function countManifests(manifests: PromotionManifest[]): ManifestCounts {
  let images = 0
  let digests = 0
  for (const manifest of manifests) {
    images += manifest.images.length
    for (const image of manifest.images) digests += image.digests.length
  }
  return { manifests: manifests.length, images, digests }
}
