// An in-process lock per key (a layout directory), so concurrent read-modify-write cycles on
// index.json do not lose entries. Other processes writing the same directory are not excluded.

/** Runs critical sections one at a time per key, in call order. */
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
      // Forget the key once nobody queued behind us, so the map does not grow per directory.
      if (this.tails.get(key) === tail) this.tails.delete(key)
    }
  }
}
