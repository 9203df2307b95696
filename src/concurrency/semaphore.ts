// FIFO semaphores: at most `size` tasks run at once and waiting tasks start in submission order;
// KeyedSemaphore keeps one such limit per key (a registry host), keys independent of each other.

function checkSize(size: number): number {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`a concurrency limit must be a whole number of at least 1, got ${size}`)
  return size
}

export class Semaphore {
  private active = 0
  private readonly waiting: (() => void)[] = []
  readonly size: number

  constructor(size: number) {
    this.size = checkSize(size)
  }

  /** True when nothing runs and nothing waits. */
  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      // Hand the slot straight to the next waiter, so `active` stays exact and order is kept.
      if (next) next()
      else this.active--
    }
  }
}

export class KeyedSemaphore {
  private readonly byKey = new Map<string, Semaphore>()
  readonly size: number

  constructor(size: number) {
    this.size = checkSize(size)
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let semaphore = this.byKey.get(key)
    if (!semaphore) this.byKey.set(key, (semaphore = new Semaphore(this.size)))
    try {
      return await semaphore.run(task)
    } finally {
      // Forget idle keys, so the map does not grow with every key ever used.
      if (semaphore.idle && this.byKey.get(key) === semaphore) this.byKey.delete(key)
    }
  }

  /** Keys with work running or waiting (tests). */
  get keys(): number {
    return this.byKey.size
  }
}
