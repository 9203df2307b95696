// De-duplication of identical work by key. InFlight shares work only while it runs (a later
// caller starts it again); Memo keeps a success for the object's lifetime (one run).
// The error rule, for both: every caller that joined the work gets its error, and a failure is
// never kept, so the next caller starts afresh.

export class InFlight<T = unknown> {
  private readonly entries = new Map<string, Promise<T>>()

  constructor(
    /** Keep successful results after they settle (Memo). */
    private readonly keepResults = false
  ) {}

  /** The running (or, for a Memo, finished) work under `key`, else `start()`'s. */
  run<R extends T>(key: string, start: () => Promise<R>): Promise<R> {
    const existing = this.entries.get(key)
    if (existing) return existing as Promise<R>
    // The entry is dropped before anyone sees the outcome, so a caller reacting to a failure
    // (or to the end of the work) never gets the old promise back.
    const shared: Promise<R> = started(start).then(
      (value) => {
        if (!this.keepResults) this.forget(key, shared)
        return value
      },
      (error: unknown) => {
        this.forget(key, shared)
        throw error
      }
    )
    this.entries.set(key, shared)
    return shared
  }

  /** Entries held (tests). */
  get size(): number {
    return this.entries.size
  }

  private forget(key: string, entry: Promise<T>): void {
    if (this.entries.get(key) === entry) this.entries.delete(key)
  }
}

/** `start()`, with a synchronous throw turned into a rejection. */
function started<R>(start: () => Promise<R>): Promise<R> {
  try {
    return start()
  } catch (error) {
    return Promise.reject(error)
  }
}

export class Memo<T = unknown> extends InFlight<T> {
  constructor() {
    super(true)
  }
}
