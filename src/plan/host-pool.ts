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
