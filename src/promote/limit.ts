// Small concurrency primitives: a FIFO limiter, and a memo that merges identical work in flight.

/** Runs at most `size` tasks at once, in the order they were submitted. */
export class Limiter {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.active++
    }
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      // Hand the slot straight to the next waiter so `active` stays exact.
      if (next) next()
      else this.active--
    }
  }
}

/**
 * One promise per key for the whole run: identical work requested twice is done once.
 * A rejected promise is forgotten so a later caller can try again.
 */
export class Memo<T> {
  private readonly entries = new Map<string, Promise<T>>()

  /** Returns [promise, true] when this call started the work. */
  get(key: string, work: () => Promise<T>): [Promise<T>, boolean] {
    const existing = this.entries.get(key)
    if (existing) return [existing, false]
    const started = work()
    this.entries.set(key, started)
    started.catch(() => this.entries.delete(key))
    return [started, true]
  }
}

/**
 * Map items through `task` with at most `size` in flight. Waits until every task has settled
 * before rejecting with the first error, so no work is left running behind a failure.
 */
export async function settleAll<T, R>(
  items: readonly T[],
  size: number,
  task: (item: T) => Promise<R>
): Promise<R[]> {
  const limiter = new Limiter(size)
  const settled = await Promise.allSettled(items.map((item) => limiter.run(() => task(item))))
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failure) throw failure.reason
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value)
}
