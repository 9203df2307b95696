// Public surface of the manifest layer: load and validate kpromo manifests, build their edges.
export { loadManifests, type LoadManifestsOptions, type ManifestSet } from './load.js'
export { buildEdges, type EdgeSet } from './edges.js'
export { ManifestError, type ManifestErrorCode } from './errors.js'
export { MAX_MANIFEST_BYTES } from './yaml-strict.js'
export { IMAGES_FILE, MANIFEST_FILE } from './thin-layout.js'
export type {
  DigestEntry,
  Edge,
  ImageEntry,
  ManifestBuilder,
  ManifestProvenance,
  ManifestProvenanceMode,
  ManifestSigner,
  PromotionManifest,
  RegistryEntry
} from './model.js'
export { countManifests, type ManifestCounts } from './counts.js'
export {
  edgeInScope,
  resolveScope,
  scopeIsEmpty,
  type DiffScope,
  type ScopeSelection
} from './scope.js'
export { matchesImage } from './provenance-glob.js'
export { normalizeRegistry } from './provenance-policies.js'
export { gitSucceeds, runGit } from './git.js'
export { validateRemote } from './git-input.js'
export {
  addToImages,
  ImagesEditError,
  type ImagesEditErrorCode,
  type ImagesEditResult
} from './images-edit.js'
export { readManifestText } from './read-file.js'
