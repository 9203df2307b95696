// Copy requests from a seeded workload on the real registry (no jest imports: the kill test's
// child process and the benchmarks use it too).
import { RegistryClient } from '../../src/oci/registry/index.js'
import type { Store } from '../../src/oci/store.js'
import type { CopyRequest } from '../../src/promote/index.js'
import type { SeededImage } from '../harness/seed.js'

/** Loopback registries have no quota: no pacing at all. */
export const LOOPBACK_REQUESTS_PER_SECOND = 100_000

/** A fresh client (its own connection pool and request counters). */
export function newClient(userAgent = 'promote-test'): RegistryClient {
  return new RegistryClient({
    userAgent,
    defaults: { requestsPerSecond: LOOPBACK_REQUESTS_PER_SECOND }
  })
}

/** One request per seeded image: `<srcPrefix>/name` to `<dstPrefix>/name`, all its tags. */
export function requestsFor(
  images: SeededImage[],
  source: Store,
  destination: Store,
  dstPrefix: string
): CopyRequest[] {
  return images.map((image) => ({
    id: `${dstPrefix}/${image.name}@${image.digest}`,
    source: { store: source, repo: image.repository },
    digest: image.digest,
    destination: { store: destination, repo: `${dstPrefix}/${image.name}` },
    tags: image.tags
  }))
}
