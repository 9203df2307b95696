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
}): RunStores {
  const client = new RegistryClient({ ...options.registry, readOnly: options.readOnly })
  const layout = new LayoutStore({ baseDir: options.layoutBaseDir })
  const resolve = createStoreResolver({
    registryStore: (host) => client.store(host),
    layoutStore: options.readOnly ? readOnlyStore(layout) : layout,
    layoutBaseDir: options.layoutBaseDir
  })
  return { resolve, stats: () => client.stats(), close: () => client.close() }
}
