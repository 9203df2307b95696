// One thin manifest: promoter-manifest.yaml (registries) plus its images/<sub>/images.yaml.
import { normalize } from 'node:path'
import { ManifestError, quote, type Findings } from './errors.js'
import { assembleManifest } from './assemble.js'
import { readImages } from './images.js'
import type { PromotionManifest } from './model.js'
import { readProvenance } from './provenance.js'
import { readManifestText } from './read-file.js'
import { readRegistries } from './registries.js'
import { validateImages } from './rules.js'
import { thinPaths } from './thin-layout.js'
import type { YamlReader } from './yaml-reader.js'
import { parseStrict } from './yaml-strict.js'

/** Keys of promoter-manifest.yaml; `imagesPath` is deprecated and ignored, as in kpromo. */
export const THIN_MANIFEST_KEYS = ['registries', 'imagesPath', 'provenance'] as const

/** Load manifests/<sub>/promoter-manifest.yaml and images/<sub>/images.yaml under `root`. */
export async function loadThinManifest(
  root: string,
  sub: string,
  findings: Findings,
  imagesOverlay?: ReadonlyMap<string, string>
): Promise<PromotionManifest | undefined> {
  const { manifestFile, imagesFile } = thinPaths(sub)
  const overlaid = imagesOverlay?.get(imagesFile)
  const [manifestText, imagesText] = await Promise.all([
    readManifestText(root, manifestFile, findings),
    overlaid ?? readManifestText(root, imagesFile, findings)
  ])
  const manifest =
    manifestText === undefined ? undefined : parseStrict(manifestFile, manifestText, findings)
  const images =
    imagesText === undefined ? undefined : parseStrict(imagesFile, imagesText, findings)
  const fields = manifest?.fields(manifest.root, MANIFEST_WHAT, THIN_MANIFEST_KEYS)
  const imageEntries = images && readImages(images, images.root, 'images.yaml')
  if (!manifest || !fields || !images || !imageEntries) {
    // Still check the images, so one broken file does not hide the other's problems.
    if (imageEntries && !images?.aborted) validateImages(imageEntries, 'thin', findings)
    return undefined
  }
  const registries = fields.get('registries')
  const imagesPath = fields.get('imagesPath')
  const provenance = fields.get('provenance')
  if (imagesPath) checkImagesPath(manifest, imagesPath.value, sub, findings)
  const parts = {
    file: manifestFile,
    imagesFile,
    kind: 'thin' as const,
    registries: readRegistries(manifest, registries?.value ?? null),
    registriesPosition: manifest.position(registries?.key),
    images: imageEntries,
    provenance: provenance && readProvenance(manifest, provenance)
  }
  if (manifest.aborted || images.aborted) return undefined
  return assembleManifest(parts, findings)
}

const MANIFEST_WHAT = 'promoter-manifest.yaml'

/** kpromo ignores `imagesPath`; say so when it names another file than the one read. */
function checkImagesPath(
  reader: YamlReader,
  node: Parameters<YamlReader['resolve']>[0],
  sub: string,
  findings: Findings
): void {
  const value = reader.string(node, 'imagesPath')
  if (
    value === undefined ||
    value === '' ||
    normalize(`manifests/${sub}/${value}`) === thinPaths(sub).imagesFile
  )
    return
  findings.warnings.push(
    new ManifestError(
      'IGNORED_IMAGES_PATH',
      `imagesPath ${quote(value)} is ignored; images are read from ${thinPaths(sub).imagesFile}`,
      reader.position(node),
      {
        hint: 'remove imagesPath (deprecated), or move the images file'
      }
    )
  )
}
