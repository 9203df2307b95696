// The store composition the plan and snapshot commands share (the lead moves it to
// src/pipeline/ later): a read-only registry client plus a layout store, behind one resolver.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { LayoutStore } from '../../oci/layout/index.js'
import { createStoreResolver } from '../../oci/open.js'
import { RegistryClient } from '../../oci/registry/index.js'
import type { StoreResolverFn } from '../../plan/index.js'
import type { CliIo } from '../io.js'

export interface ReadOnlyStores {
  resolve: StoreResolverFn
  /** HTTP requests sent so far. */
  requests: () => number
  close: () => Promise<void>
}

/** Docker's config.json as the docker CLI finds it ($DOCKER_CONFIG, else ~/.docker). */
function dockerConfigPath(io: CliIo): string | undefined {
  const dir = io.env.DOCKER_CONFIG ?? (io.env.HOME ? join(io.env.HOME, '.docker') : undefined)
  const path = dir && join(dir, 'config.json')
  return path && existsSync(path) ? path : undefined
}

/** Stores for reading only: every write method of the registry client throws READ_ONLY. */
export function openReadOnlyStores(io: CliIo, layoutBaseDir: string): ReadOnlyStores {
  const client = new RegistryClient({ readOnly: true, dockerConfigPath: dockerConfigPath(io) })
  const resolve = createStoreResolver({
    registryStore: (host) => client.store(host),
    layoutStore: new LayoutStore({ baseDir: layoutBaseDir }),
    layoutBaseDir
  })
  return { resolve, requests: () => client.stats().requests, close: () => client.close() }
}
