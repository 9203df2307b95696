// Public surface of the OCI image-layout store.
export { LayoutError, type LayoutErrorCode } from './errors.js'
export { LayoutStore, resolveLayoutStoreOptions, type LayoutStoreOptions } from './layout-store.js'
export { MAX_MANIFEST_BYTES } from './manifest-content.js'
export { REF_NAME_ANNOTATION } from './index-file.js'
export { referrersTag } from './referrers.js'
