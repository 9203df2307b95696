// Children of the index digests in a snapshot, read from the registry, for --minimal-snapshot of a
// manifest-based snapshot (kpromo walks the registry for this too). Failures only warn.
import type { StoreResolver } from '../../oci/open.js'
import { KeyedSemaphore } from '../../concurrency/index.js'
import { errorMessage } from '../../errors.js'
import { isIndexMediaType } from '../../oci/media-types.js'
import { joinRepository } from '../../oci/ref.js'
import { DEFAULT_HOST_CONCURRENCY } from '../host-pool.js'
import type { SnapshotInventory } from './inventory.js'

/** Child digests of every index in the inventory, plus warnings for manifests that could not be read. */
export async function readIndexChildren(
  resolve: StoreResolver,
  prefix: string,
  inventory: SnapshotInventory,
  concurrency = DEFAULT_HOST_CONCURRENCY
): Promise<{ children: Set<string>; warnings: string[] }> {
  const pool = new KeyedSemaphore(concurrency)
  const children = new Set<string>()
  const warnings: string[] = []
  const reads: Promise<void>[] = []
  for (const [image, digests] of inventory) {
    for (const digest of digests.keys()) {
      const name = joinRepository(prefix, image)
      reads.push(
        (async () => {
          try {
            const { store, repo } = resolve(name)
            const m = await pool.run(store.host, () => store.manifestGet(repo, digest))
            if (!isIndexMediaType(m.mediaType)) return
            const doc = JSON.parse(Buffer.from(m.bytes).toString('utf8')) as {
              manifests?: { digest: string }[]
            }
            for (const c of doc.manifests ?? []) children.add(c.digest)
          } catch (error) {
            warnings.push(
              `cannot read ${name}@${digest} for --minimal-snapshot: ${errorMessage(error)}`
            )
          }
        })()
      )
    }
  }
  await Promise.all(reads)
  return { children, warnings }
}
