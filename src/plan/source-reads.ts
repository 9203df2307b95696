// Phase 1 of the inventory read: does each unique (source repository, digest) exist? One HEAD per
// unique pair, or one extended tag list for a Google repository with many digests.
import { mapBounded } from '../concurrency/index.js'
import { REPOSITORIES_PER_HOST } from './host-pool.js'
import { isDigest } from '../oci/digest.js'
import {
  failed,
  isGoogleHost,
  live,
  resolveStore,
  FactTable,
  type ReadContext
} from './inventory.js'

async function readSourceRepository(
  ctx: ReadContext,
  repository: string,
  digests: ReadonlySet<string>,
  out: FactTable<boolean>
): Promise<void> {
  const target = resolveStore(ctx, repository)
  if ('error' in target) {
    for (const d of digests) out.set(repository, d, failed(target.error))
    return
  }
  const { store, repo } = target
  // A malformed digest (thin manifests are not format-checked, kpromo §0.7) cannot be in any
  // registry: it is missing without asking (some registries answer such a HEAD with a 500).
  let pending: string[] = []
  for (const d of digests) {
    if (isDigest(d)) pending.push(d)
    else out.set(repository, d, live(false))
  }
  if (isGoogleHost(store.host) && digests.size > ctx.listThreshold) {
    try {
      ctx.counter.tagLists++
      const listing = await ctx.pool.run(store.host, () => store.tagList(repo))
      if (!listing.exists || listing.digests) {
        for (const d of pending) out.set(repository, d, live(listing.digests?.has(d) ?? false))
        pending = []
      }
    } catch {
      // The listing is only a shortcut: fall back to one HEAD per digest.
    }
  }
  await Promise.all(
    pending.map(async (digest) => {
      try {
        ctx.counter.sourceHeads++
        const found = await ctx.pool.run(store.host, () => store.manifestHead(repo, digest))
        out.set(repository, digest, live(found !== undefined))
      } catch (error) {
        out.set(repository, digest, failed(error))
      }
    })
  )
}

/** Resolve every needed source digest; a repository that cannot be read fails only its own facts. */
export async function readSources(
  ctx: ReadContext,
  needs: ReadonlyMap<string, ReadonlySet<string>>,
  /** Filled as repositories are read; `onRead` is called once a repository's facts are all in. */
  progress: { out?: FactTable<boolean>; onRead?: (repository: string) => void } = {}
): Promise<FactTable<boolean>> {
  const out: FactTable<boolean> = progress.out ?? new FactTable()
  await mapBounded(
    needs,
    REPOSITORIES_PER_HOST,
    async ([repository, digests]) => {
      await readSourceRepository(ctx, repository, digests, out)
      progress.onRead?.(repository)
    },
    {
      perKey: ([repository]) => {
        const target = resolveStore(ctx, repository)
        return 'error' in target ? '' : target.store.host
      }
    }
  )
  return out
}
