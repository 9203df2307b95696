// Cancellation: one AbortSignal, created by the adapter (CLI: SIGINT/SIGTERM; Action: the runner
// cancelling the job), reaches every request and file operation of a run. This is the one error
// a stopped operation throws, and the few helpers every layer needs to honour the signal.
import { PromoterError } from './errors.js'

/** An operation stopped because its run was stopped (signal, timeout, fail-fast). */
export class CancelledError extends PromoterError<'CANCELLED'> {
  constructor(reason: string, cause?: unknown) {
    super('CANCELLED', `not completed: ${reason}`, {
      hint: 're-run the promotion; finished content is kept and is not copied again',
      cause
    })
  }
}

/** The reason an aborted signal carries, in words. */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason
  if (reason instanceof CancelledError) return reason.message.replace(/^not completed: /, '')
  if (typeof reason === 'string') return reason
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message
  return 'the run was aborted'
}

/** The error to throw for an aborted signal. */
export function cancelledBy(signal: AbortSignal): CancelledError {
  return signal.reason instanceof CancelledError
    ? signal.reason
    : new CancelledError(abortReason(signal))
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledBy(signal)
}

/** True when `error` is, or was caused by, a cancellation. */
export function isCancelled(error: unknown): boolean {
  for (let e = error, depth = 0; e !== undefined && depth < 8; depth++) {
    if (e instanceof CancelledError) return true
    e = e instanceof Error ? e.cause : undefined
  }
  return false
}

const combined = new WeakMap<AbortSignal, WeakMap<AbortSignal, AbortSignal>>()

/**
 * Both signals (either aborts the result); undefined when there is none. One combined signal per
 * pair, so a request does not allocate one (every copy request pairs the same two).
 */
export function eitherSignal(
  a: AbortSignal | undefined,
  b: AbortSignal | undefined
): AbortSignal | undefined {
  if (!a || a === b) return b
  if (!b) return a
  let withA = combined.get(a)
  if (!withA) combined.set(a, (withA = new WeakMap()))
  let both = withA.get(b)
  if (!both) withA.set(b, (both = AbortSignal.any([a, b])))
  return both
}

/**
 * Stop awaiting `promise` once `signal` aborts (for libraries that take no signal): the work may
 * go on in the background, but the run does not wait for it.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) {
    promise.catch(() => undefined)
    return Promise.reject(cancelledBy(signal))
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledBy(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}

const watchers = new WeakMap<AbortSignal, { callbacks: Set<() => void>; listener: () => void }>()
const unwatched = () => undefined

/**
 * Call `onAbort` (a function of its own per call) when `signal` aborts; returns the function that
 * stops watching. Like a once 'abort' listener (nothing is called for a signal already aborted),
 * but a signal watched by many requests at once carries one EventTarget listener, not one each:
 * adding and removing a listener per request cost ~5% of a HEAD-bound plan (bench plan-fleet).
 * The listener goes when the last watcher does, so no signal is kept alive by it.
 */
export function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) return unwatched
  let entry = watchers.get(signal)
  if (!entry) {
    const callbacks = new Set<() => void>()
    const listener = () => {
      const called = [...callbacks]
      callbacks.clear()
      signal.removeEventListener('abort', listener)
      for (const callback of called) {
        try {
          callback()
        } catch (error) {
          // As an EventTarget listener's throw: reported, the other watchers still called.
          process.nextTick(() => {
            throw error
          })
        }
      }
    }
    watchers.set(signal, (entry = { callbacks, listener }))
  }
  const { callbacks, listener } = entry
  if (callbacks.size === 0) signal.addEventListener('abort', listener)
  callbacks.add(onAbort)
  return () => {
    if (callbacks.delete(onAbort) && callbacks.size === 0)
      signal.removeEventListener('abort', listener)
  }
}

/** setTimeout as a promise that rejects with CancelledError when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledBy(signal))
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      forget()
      resolve()
    }, ms)
    const forget = signal
      ? watchAbort(signal, () => {
          clearTimeout(timer)
          reject(cancelledBy(signal))
        })
      : unwatched
  })
}

/** Destroy `stream` with CancelledError when `signal` aborts (until the stream closes). */
export function destroyOnAbort<
  S extends { destroy(error?: Error): unknown; once(event: 'close', listener: () => void): unknown }
>(stream: S, signal: AbortSignal | undefined): S {
  if (!signal) return stream
  const onAbort = () => stream.destroy(cancelledBy(signal))
  if (signal.aborted) onAbort()
  else {
    signal.addEventListener('abort', onAbort, { once: true })
    stream.once('close', () => signal.removeEventListener('abort', onAbort))
  }
  return stream
}
