// A plain manifest (`--manifest FILE`): `registries:` and `images:` in one file.
import { basename, dirname, resolve } from 'node:path'
import type { Findings } from './errors.js'
import { assembleManifest } from './assemble.js'
import { readImages } from './images.js'
import type { PromotionManifest } from './model.js'
import { readProvenance } from './provenance.js'
import { readManifestText } from './read-file.js'
import { readRegistries } from './registries.js'
import { parseStrict } from './yaml-strict.js'

export const PLAIN_MANIFEST_KEYS = ['registries', 'images', 'provenance'] as const

/** Load `path`; errors are positioned in the file's base name, relative to its directory. */
export async function loadPlainManifest(
  path: string,
  findings: Findings
): Promise<{ root: string; manifest?: PromotionManifest }> {
  const root = dirname(resolve(path))
  const file = basename(path)
  const text = await readManifestText(root, file, findings)
  const reader = text === undefined ? undefined : parseStrict(file, text, findings)
  const fields = reader?.fields(reader.root, 'manifest', PLAIN_MANIFEST_KEYS)
  if (!reader || !fields) return { root }
  const registries = fields.get('registries')
  const provenanceField = fields.get('provenance')
  const parts = {
    file,
    imagesFile: file,
    kind: 'plain' as const,
    registries: readRegistries(reader, registries?.value ?? null),
    registriesPosition: reader.position(registries?.key),
    images: readImages(reader, fields.get('images')?.value ?? null, 'images'),
    provenance: provenanceField && readProvenance(reader, provenanceField)
  }
  if (reader.aborted) return { root }
  return { root, manifest: assembleManifest(parts, findings) }
}
