// Writes a kpromo thin-manifest directory (what `cip --thin-manifest-dir` reads) for seeded
// images: <dir>/manifests/<sub>/promoter-manifest.yaml and <dir>/images/<sub>/images.yaml.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promoterManifestYaml } from './kpromo-yaml.js'

export interface ThinManifestOptions {
  /** The sub-project folder name. Default 'seed'. */
  sub?: string
  /** Source registry, `host/prefix` (e.g. `${registry.host}/staging`). */
  src: string
  /** Destination registries (`host/prefix` or `oci:<dir>`). */
  dests: string[]
  /** The images.yaml text (e.g. `seedWorkload(...).imagesYaml`). */
  imagesYaml: string
}

/** Write the two files under `dir`; returns their paths. */
export function writeThinManifests(
  dir: string,
  options: ThinManifestOptions
): { manifest: string; images: string } {
  const sub = options.sub ?? 'seed'
  const manifestDir = join(dir, 'manifests', sub)
  const imagesDir = join(dir, 'images', sub)
  mkdirSync(manifestDir, { recursive: true })
  mkdirSync(imagesDir, { recursive: true })
  const manifest = join(manifestDir, 'promoter-manifest.yaml')
  const images = join(imagesDir, 'images.yaml')
  writeFileSync(manifest, promoterManifestYaml(options.src, options.dests))
  writeFileSync(images, options.imagesYaml)
  return { manifest, images }
}
