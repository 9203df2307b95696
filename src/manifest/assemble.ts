// Turns parsed registries and images into a PromotionManifest, applying the validation rules.
import type { SourcePosition } from '../errors.js'
import type { Findings } from './errors.js'
import type { ImageEntry, ManifestProvenance, PromotionManifest, RegistryEntry } from './model.js'
import { validateImages, validateRegistries } from './rules.js'

export interface ManifestParts {
  file: string
  imagesFile: string
  kind: 'plain' | 'thin'
  registries: RegistryEntry[]
  /** Where `registries:` is written, or the manifest file's start when it is missing. */
  registriesPosition: SourcePosition
  images: ImageEntry[]
  provenance?: ManifestProvenance
}

/** The validated manifest, or undefined when it has no source registry to promote from. */
export function assembleManifest(
  parts: ManifestParts,
  findings: Findings
): PromotionManifest | undefined {
  const source = validateRegistries(parts.registries, parts.registriesPosition, findings)
  validateImages(parts.images, parts.kind, findings)
  if (!source) return undefined
  const manifest: PromotionManifest = {
    file: parts.file,
    imagesFile: parts.imagesFile,
    kind: parts.kind,
    registries: parts.registries,
    images: parts.images,
    source,
    destinations: parts.registries.filter((r) => r !== source)
  }
  if (parts.provenance) manifest.provenance = parts.provenance
  return manifest
}
