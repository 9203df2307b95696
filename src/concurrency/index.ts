// The concurrency kit: the one home of semaphores, keyed locks, de-duplication and the bounded
// map. Pure (no I/O, no imports), so every layer may use it.
export { KeyedLock } from './keyed-lock.js'
export { InFlight, Memo } from './in-flight.js'
export { mapBounded, type MapBoundedOptions } from './map-bounded.js'
export { KeyedSemaphore, Semaphore } from './semaphore.js'
