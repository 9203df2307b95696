// Bounded concurrency per registry host, so reads run in parallel across hosts while each host
// sees at most `concurrency` requests of the plan at once (the client paces and retries below).

/** Default in-flight plan reads per host (kpromo reads 20 repositories at a time). */
export const DEFAULT_HOST_CONCURRENCY = 20

export type HostPool = <T>(host: string, task: () => Promise<T>) => Promise<T>

export function createHostPool(concurrency = DEFAULT_HOST_CONCURRENCY): HostPool {
  const active = new Map<string, number>()
  const waiting = new Map<string, (() => void)[]>()

  const release = (host: string): void => {
    const next = waiting.get(host)?.shift()
    if (next) next()
    else active.set(host, (active.get(host) ?? 1) - 1)
  }

  const acquire = (host: string): Promise<void> => {
    const running = active.get(host) ?? 0
    if (running < concurrency) {
      active.set(host, running + 1)
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const queue = waiting.get(host) ?? []
      queue.push(resolve)
      waiting.set(host, queue)
    })
  }

  return async (host, task) => {
    await acquire(host)
    try {
      return await task()
    } finally {
      release(host)
    }
  }
}

/**
 * Repositories read at once per host. Starting every repository's reads at once queued one
 * promise per needed reference: without Google's listing a k8s.io plan queued ~720,000 HEADs and
 * its memory grew past 1.4 GB. A few repositories per host still keep the host's pool full.
 */
export const REPOSITORIES_PER_HOST = 32

/** Run `read` for every item, at most `limit` at a time per host, hosts in parallel. */
export async function forEachPerHost<T>(
  items: Iterable<T>,
  hostOf: (item: T) => string,
  read: (item: T) => Promise<void>,
  limit = REPOSITORIES_PER_HOST
): Promise<void> {
  const byHost = new Map<string, T[]>()
  for (const item of items) {
    const host = hostOf(item)
    const list = byHost.get(host)
    if (list) list.push(item)
    else byHost.set(host, [item])
  }
  await Promise.all(
    [...byHost.values()].flatMap((list) => {
      let next = 0
      const worker = async (): Promise<void> => {
        while (next < list.length) await read(list[next++]!)
      }
      return Array.from({ length: Math.min(limit, list.length) }, worker)
    })
  )
}
