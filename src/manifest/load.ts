// Entry point of the manifest layer: load a plain manifest or a thin-manifest directory,
// validate it, and narrow it to a digest scope. Bad input never throws; it lands in `errors`.
import { resolve } from 'node:path'
import { PromoterError } from '../errors.js'
import { capFindings, sortErrors, type Findings, type ManifestError } from './errors.js'
import type { PromotionManifest } from './model.js'
import { loadPlainManifest } from './plain.js'
import { checkProvenancePolicies } from './provenance-policies.js'
import { discoverThinManifests } from './thin-layout.js'
import { loadThinManifest } from './thin.js'

export interface LoadManifestsOptions {
  /** A plain manifest file (kpromo `--manifest`). Exactly one of the two must be given. */
  manifest?: string
  /** A thin-manifest directory (kpromo `--thin-manifest-dir`); a trailing `/` is fine. */
  thinManifestDir?: string
  /**
   * Keep only the dmap entries for which this returns true (the diff scope). Applied after
   * validation; images left with no digests stay listed and produce no edges. Default: keep all.
   */
  digestFilter?: (image: string, digest: string) => boolean
  /**
   * Thin images files to read from memory instead of disk, by path relative to the root
   * (`images/<sub>/images.yaml`): validates an edit before anything is written (`pr`).
   */
  imagesOverlay?: ReadonlyMap<string, string>
}

export interface ManifestSet {
  /** Absolute directory that every `position.file` is relative to. */
  root: string
  /** Manifests with a source registry, in kpromo's order (thin: lexical by directory name). */
  manifests: PromotionManifest[]
  /** Problems found, sorted by file, line and column (at most MAX_FINDINGS, then a count). Empty means valid. */
  errors: ManifestError[]
  /** Findings that do not make the set invalid (kpromo accepts them), sorted like errors. */
  warnings: ManifestError[]
}

/** Load and validate manifests as the options say. Throws only when the options are misused. */
export async function loadManifests(options: LoadManifestsOptions): Promise<ManifestSet> {
  const { manifest, thinManifestDir, digestFilter, imagesOverlay } = options
  if ((manifest === undefined) === (thinManifestDir === undefined)) {
    throw new PromoterError(
      'INVALID_OPTIONS',
      'loadManifests needs exactly one of manifest and thinManifestDir',
      {
        hint: 'pass --manifest FILE or --thin-manifest-dir DIR, not both'
      }
    )
  }
  const findings: Findings = { errors: [], warnings: [] }
  let root: string
  let manifests: PromotionManifest[]
  if (manifest !== undefined) {
    const plain = await loadPlainManifest(manifest, findings)
    root = plain.root
    manifests = plain.manifest ? [plain.manifest] : []
  } else {
    root = resolve(thinManifestDir!)
    const subs = await discoverThinManifests(root, findings)
    manifests = []
    for (const sub of subs) {
      const loaded = await loadThinManifest(root, sub, findings, imagesOverlay)
      if (loaded) manifests.push(loaded)
    }
  }
  checkProvenancePolicies(manifests, findings)
  if (digestFilter) for (const m of manifests) applyDigestFilter(m, digestFilter)
  return {
    root,
    manifests,
    errors: capFindings(sortErrors(findings.errors), 'errors'),
    warnings: capFindings(sortErrors(findings.warnings), 'warnings')
  }
}

function applyDigestFilter(
  manifest: PromotionManifest,
  keep: (image: string, digest: string) => boolean
): void {
  for (const image of manifest.images) {
    image.digests = image.digests.filter((entry) => keep(image.name, entry.digest))
  }
}
