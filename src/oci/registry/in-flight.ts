// Merges identical concurrent reads: callers asking for the same key while a request is in
// flight share its promise. Nothing is cached after it settles (caches are the planner's job).

export class InFlight {
  private readonly pending = new Map<string, Promise<unknown>>()

  run<T>(key: string, start: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key)
    if (existing) return existing as Promise<T>
    const promise = start().finally(() => this.pending.delete(key))
    this.pending.set(key, promise)
    return promise
  }
}
