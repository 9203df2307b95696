// The composition root of storage for one run: one registry client (read-only in PR mode, so no
// writing client exists), one layout store, and the resolver from repository names to stores.
import { createStoreResolver, type ResolvedRepository } from '../oci/open.js'
import { LayoutStore } from '../oci/layout/index.js'
import { readOnlyStore } from '../oci/read-only.js'
import {
  RegistryClient,
  type RegistryClientOptions,
  type RequestStats
} from '../oci/registry/index.js'

export interface RunStores {
  resolve: (repositoryName: string) => ResolvedRepository
  stats: () => RequestStats
  close: () => Promise<void>
}

export function createRunStores(options: {
  registry?: Omit<RegistryClientOptions, 'readOnly'>
  readOnly: boolean
  layoutBaseDir: string
  /** The run's signal: every request and layout operation of every phase stops when it aborts. */
  signal?: AbortSignal
}): RunStores {
  const client = new RegistryClient({
    ...options.registry,
    readOnly: options.readOnly,
    signal: options.signal
  })
  const plain = new LayoutStore({ baseDir: options.layoutBaseDir })
  const layout = options.signal ? plain.withSignal(options.signal) : plain
  const resolve = createStoreResolver({
    registryStore: (host) => client.store(host),
    layoutStore: options.readOnly ? readOnlyStore(layout) : layout,
    layoutBaseDir: options.layoutBaseDir
  })
  return { resolve, stats: () => client.stats(), close: () => client.close() }
}
