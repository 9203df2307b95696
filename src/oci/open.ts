// Picks the Store for a repository name: registry names go to a per-host registry store,
// `oci:<dir>` names to the layout store. Which concrete stores exist is the caller's choice.
import { isAbsolute, normalize, resolve, sep } from 'node:path'
import { parseRepository, type RepositoryName } from './ref.js'
import type { Store, StoreRepo } from './store.js'

export interface StoreResolverOptions {
  /** The store of one registry host; called once per host (the resolver keeps the result). */
  registryStore: (host: string) => Store
  /** The store of every `oci:` repository. */
  layoutStore: Store
  /**
   * Directory that relative `oci:` paths are resolved against (the manifest root). Default: none,
   * so relative paths are passed on (normalised) for the layout store to resolve.
   */
  layoutBaseDir?: string
}

/** Maps a repository name (`host/path` or `oci:<dir>`) to its store and path there. */
export type StoreResolver = (repositoryName: string) => StoreRepo

export interface ResolvedRepository extends StoreRepo {
  name: RepositoryName
}

/** `a/b/` -> `a/b`, so one directory has one spelling (stores key their state by it). */
function withoutTrailingSeparator(dir: string): string {
  return dir.length > 1 && dir.endsWith(sep) ? dir.slice(0, -1) : dir
}

/**
 * A function from a repository name (`host/path` or `oci:<dir>`, as made by joinRepository) to
 * its store and store-relative repository. Throws INVALID_REFERENCE for malformed names.
 */
export function createStoreResolver(
  options: StoreResolverOptions
): (repositoryName: string) => ResolvedRepository {
  const registries = new Map<string, Store>()
  const registryStore = (host: string): Store => {
    let store = registries.get(host)
    if (store === undefined) {
      store = options.registryStore(host)
      registries.set(host, store)
    }
    return store
  }
  const layoutDir = (dir: string): string =>
    isAbsolute(dir) || options.layoutBaseDir === undefined
      ? withoutTrailingSeparator(normalize(dir))
      : resolve(options.layoutBaseDir, dir)
  return (repositoryName) => {
    const name = parseRepository(repositoryName)
    switch (name.kind) {
      case 'registry':
        return { store: registryStore(name.host), repo: name.path, name }
      case 'layout':
        return { store: options.layoutStore, repo: layoutDir(name.dir), name }
    }
  }
}
