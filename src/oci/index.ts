// Public surface of the storage layer.
export * from './digest.js'
export * from './media-types.js'
export * from './ref.js'
export type * from './store.js'
