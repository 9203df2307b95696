// The manifest half of `pr` (kpromo's manifest grower): find the thin manifest whose source
// registry is --source, add the staging digests and tags to its images.yaml in memory, and
// validate the whole tree with that text in place. Nothing is written here: the caller writes
// only an edit that came back valid.
import {
  addToImages,
  buildEdges,
  loadManifests,
  readManifestText,
  type ManifestError,
  type PromotionManifest
} from '../manifest/index.js'
import { PrError } from './errors.js'

export interface GrowOptions {
  /** Absolute thin-manifest directory. */
  root: string
  /** The source registry name exactly as written in a promoter-manifest.yaml (`src: true`). */
  source: string
  image: string
  /** digest -> tags, from the staging repository. */
  wanted: ReadonlyMap<string, readonly string[]>
}

export type GrowResult =
  | { kind: 'nothing'; imagesFile: string }
  /** The validator's errors on the tree with the edit in place (same as `validate` prints). */
  | { kind: 'refused'; imagesFile: string; errors: ManifestError[] }
  | {
      kind: 'edit'
      /** Relative to the root. */
      imagesFile: string
      text: string
      added: Map<string, string[]>
      newDigests: string[]
    }

function pickManifest(manifests: PromotionManifest[], options: GrowOptions): PromotionManifest {
  const bySource = manifests.filter((m) => m.source.name === options.source)
  if (bySource.length === 1) return bySource[0]!
  if (bySource.length === 0)
    throw new PrError(
      'NO_MANIFEST_FOR_SOURCE',
      `no thin manifest under ${options.root} has source registry "${options.source}"`,
      {
        hint: `--source must be the "src: true" registry name of a manifests/<sub>/promoter-manifest.yaml (known: ${manifests.map((m) => m.source.name).join(', ') || 'none'})`
      }
    )
  const listing = bySource.filter((m) => m.images.some((i) => i.name === options.image))
  if (listing.length === 1) return listing[0]!
  throw new PrError(
    'AMBIGUOUS_SOURCE',
    `${bySource.length} thin manifests have source registry "${options.source}" (${bySource.map((m) => m.file).join(', ')})`,
    { hint: 'add the entries by hand, or give each staging registry one manifest' }
  )
}

export async function growImages(options: GrowOptions): Promise<GrowResult> {
  const before = await loadManifests({ thinManifestDir: options.root })
  const manifest = pickManifest(before.manifests, options)
  const findings = { errors: [], warnings: [] }
  const text = await readManifestText(options.root, manifest.imagesFile, findings)
  if (text === undefined)
    return { kind: 'refused', imagesFile: manifest.imagesFile, errors: findings.errors }
  const edit = addToImages(text, manifest.imagesFile, options.image, options.wanted)
  if (edit.added.size === 0) return { kind: 'nothing', imagesFile: manifest.imagesFile }
  const after = await loadManifests({
    thinManifestDir: options.root,
    imagesOverlay: new Map([[manifest.imagesFile, edit.text]])
  })
  const errors = [...after.errors, ...buildEdges(after.manifests).errors]
  if (errors.length > 0) return { kind: 'refused', imagesFile: manifest.imagesFile, errors }
  return {
    kind: 'edit',
    imagesFile: manifest.imagesFile,
    text: edit.text,
    added: edit.added,
    newDigests: edit.newDigests
  }
}
