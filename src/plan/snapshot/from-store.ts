// The registry snapshot (kpromo §5.1): what repositories under a prefix hold now. Repositories
// come from the store's catalog where it has one, or from a given list. Tags are resolved with one
// HEAD each unless the listing already carries digests (Google); untagged digests are visible only
// there. --minimal-snapshot drops tagless index children, as kpromo does.
import type { StoreResolver } from '../../oci/open.js'
import { KeyedSemaphore } from '../../concurrency/index.js'
import { errorMessage } from '../../errors.js'
import { isIndexMediaType } from '../../oci/media-types.js'
import type { Store } from '../../oci/store.js'
import { DEFAULT_HOST_CONCURRENCY } from '../host-pool.js'
import {
  addToInventory,
  dropIndexChildren,
  filterByTag,
  type SnapshotInventory
} from './inventory.js'
import { SnapshotError } from './render.js'

export interface RegistrySnapshotOptions {
  resolve: StoreResolver
  /** Repository-name prefix (`host[/path]` or `oci:<dir>`); image names are relative to it. */
  prefix: string
  /** Image names under the prefix to read ('' is the prefix itself). Default: the store's catalog. */
  repositories?: readonly string[]
  /** Keep only digests with this tag (and all their tags). */
  snapshotTag?: string
  /** Drop tagless digests that are children of an index in the snapshot. */
  minimal?: boolean
  /** In-flight reads per host. Default 20. */
  concurrency?: number
}

export interface RegistrySnapshot {
  inventory: SnapshotInventory
  /** Problems that did not stop the snapshot (e.g. an index that could not be read for --minimal). */
  warnings: string[]
}

interface Context {
  store: Store
  pool: KeyedSemaphore
  base: string
  inventory: SnapshotInventory
  indexes: Set<string>
}

/** The store and the store path of the prefix (a bare host has the empty path). */
function locatePrefix(resolve: StoreResolver, prefix: string): { store: Store; base: string } {
  const p = prefix.replace(/\/+$/, '')
  const { store, repo } = resolve(`${p}/x`)
  return { store, base: repo.slice(0, -2) }
}

async function imagesToRead(ctx: Context, options: RegistrySnapshotOptions): Promise<string[]> {
  if (options.repositories) return [...options.repositories]
  if (!ctx.store.catalog) {
    throw new SnapshotError('NO_CATALOG', `${options.prefix} cannot list its repositories`, {
      hint: 'name the repositories to snapshot (--repositories a,b/c)'
    })
  }
  const names = await ctx.store.catalog(ctx.base || undefined)
  const under =
    ctx.base === '' ? names : names.filter((n) => n === ctx.base || n.startsWith(`${ctx.base}/`))
  return under.map((n) => n.slice(ctx.base.length).replace(/^\//, ''))
}

async function readRepository(ctx: Context, image: string): Promise<void> {
  const repo = [ctx.base, image].filter(Boolean).join('/')
  const listing = await ctx.pool.run(ctx.store.host, () => ctx.store.tagList(repo))
  if (listing.digests) {
    for (const [digest, info] of listing.digests) {
      addToInventory(ctx.inventory, image, digest, info.tags)
      if (info.mediaType && isIndexMediaType(info.mediaType)) ctx.indexes.add(`${repo}@${digest}`)
    }
    return
  }
  await Promise.all(
    listing.tags.map(async (tag) => {
      const found = await ctx.pool.run(ctx.store.host, () => ctx.store.manifestHead(repo, tag))
      if (!found) return // deleted between the listing and the HEAD
      addToInventory(ctx.inventory, image, found.digest, [tag])
      if (isIndexMediaType(found.mediaType)) ctx.indexes.add(`${repo}@${found.digest}`)
    })
  )
}

async function indexChildren(ctx: Context, warnings: string[]): Promise<Set<string>> {
  const children = new Set<string>()
  await Promise.all(
    [...ctx.indexes].map(async (ref) => {
      const [repo, digest] = ref.split('@') as [string, string]
      try {
        const m = await ctx.pool.run(ctx.store.host, () => ctx.store.manifestGet(repo, digest))
        const doc = JSON.parse(Buffer.from(m.bytes).toString('utf8')) as {
          manifests?: { digest: string }[]
        }
        for (const c of doc.manifests ?? []) children.add(c.digest)
      } catch (error) {
        warnings.push(`cannot read index ${ref} for --minimal-snapshot: ${errorMessage(error)}`)
      }
    })
  )
  return children
}

/** Read a snapshot of every repository under the prefix. A repository that fails stops the snapshot. */
export async function snapshotRegistry(
  options: RegistrySnapshotOptions
): Promise<RegistrySnapshot> {
  const { store, base } = locatePrefix(options.resolve, options.prefix)
  const pool = new KeyedSemaphore(options.concurrency ?? DEFAULT_HOST_CONCURRENCY)
  const ctx: Context = { store, pool, base, inventory: new Map(), indexes: new Set() }
  const images = await imagesToRead(ctx, options)
  await Promise.all(
    images.map((image) =>
      readRepository(ctx, image).catch((error: unknown) => {
        throw new SnapshotError(
          'SNAPSHOT_READ_FAILED',
          `cannot read ${[options.prefix, image].filter(Boolean).join('/')}: ${errorMessage(error)}`,
          { cause: error }
        )
      })
    )
  )
  const warnings: string[] = []
  let inventory = ctx.inventory
  if (options.snapshotTag !== undefined) inventory = filterByTag(inventory, options.snapshotTag)
  if (options.minimal) inventory = dropIndexChildren(inventory, await indexChildren(ctx, warnings))
  return { inventory, warnings }
}
