// Public surface of the storage layer.
export * from './digest.js'
export * from './media-types.js'
export * from './ref.js'
export type * from './store.js'
export * from './open.js'
export { LayoutError, LayoutStore, type LayoutStoreOptions } from './layout/index.js'
export { readOnlyStore, ReadOnlyStoreError } from './read-only.js'
export {
  RegistryClient,
  RegistryStore,
  RegistryError,
  DEFAULT_HOST_CONFIG,
  MAX_MANIFEST_BYTES,
  type RegistryClientOptions,
  type RegistryErrorCode,
  type HostConfig,
  type RequestStats
} from './registry/index.js'
