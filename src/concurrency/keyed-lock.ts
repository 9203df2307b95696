// One critical section at a time per key (a layout directory, a `.sig` tag, one fallback
// referrers index), in call order. A failed section does not block the next one. In-process
// only: other processes writing the same thing are not excluded.

export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>()

  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const current = new Promise<void>((resolve) => (release = resolve))
    const tail = previous.then(() => current)
    this.tails.set(key, tail)
    await previous
    try {
      return await section()
    } finally {
      release()
      // Forget the key once nobody queued behind us, so the map does not grow per key.
      if (this.tails.get(key) === tail) this.tails.delete(key)
    }
  }

  /** Keys with a section running or queued (tests). */
  get keys(): number {
    return this.tails.size
  }
}
