// The bounded parallel map: at most `limit` items at once (per key with `perKey`, keys in
// parallel), started in input order, results in input order.
//
// The error rule: after the first failure no further item starts; the call settles only once
// the items already running have (so no work is left running behind it), then rejects with
// that first failure. Callers that want every item tried catch per item and return the error.

export interface MapBoundedOptions<T> {
  /** Apply `limit` per key (a registry host) instead of overall. */
  perKey?: (item: T) => string
}

export async function mapBounded<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  options: MapBoundedOptions<T> = {}
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`a concurrency limit must be a whole number of at least 1, got ${limit}`)
  const list = [...items]
  const groups = new Map<string, number[]>()
  list.forEach((item, index) => {
    const key = options.perKey?.(item) ?? ''
    const group = groups.get(key)
    if (group) group.push(index)
    else groups.set(key, [index])
  })

  const results = new Array<R>(list.length)
  let failure: { error: unknown } | undefined
  const worker = async (group: number[], cursor: { next: number }): Promise<void> => {
    while (failure === undefined && cursor.next < group.length) {
      const index = group[cursor.next++]!
      try {
        results[index] = await fn(list[index]!, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(
    [...groups.values()].flatMap((group) => {
      const cursor = { next: 0 }
      return Array.from({ length: Math.min(limit, group.length) }, () => worker(group, cursor))
    })
  )
  if (failure) throw failure.error
  return results
}
