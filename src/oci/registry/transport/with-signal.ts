// Adds a signal to every request (the run's, or a narrower one such as a copy's fail-fast), so
// the wrappers below and the base transport stop waiting and close the socket when it aborts.
import { eitherSignal } from '../../../cancel.js'
import type { Send } from './types.js'

export function withSignal(inner: Send, signal: AbortSignal | undefined): Send {
  if (!signal) return inner
  return (request) => inner({ ...request, signal: eitherSignal(request.signal, signal) })
}
