// A hung host costs a few deadlines, not one per request: after CUTOFF_MISSES deadline misses in
// a row (no answer in between), every further request to that host fails at once, so only the
// edges that need it fail and the run's time stays bounded by the deadlines.
import { DeadlineError, TransportError } from './base.js'
import type { Send } from './types.js'
import { hostOf } from './url-host.js'

/** Consecutive deadline misses after which a host is not asked again in this run. */
export const CUTOFF_MISSES = 3

/** Refused without a request: the host missed CUTOFF_MISSES deadlines in a row. Not retried. */
export class HostCutOffError extends TransportError {
  constructor(host: string, last: DeadlineError) {
    super(
      'timeout',
      `${host} missed ${CUTOFF_MISSES} deadlines in a row (last: ${last.message}); not asked again in this run`
    )
  }
}

export function withHostCutoff(inner: Send): Send {
  const hosts = new Map<string, { misses: number; last?: DeadlineError }>()
  return async (request) => {
    const host = hostOf(request.url)
    let state = hosts.get(host)
    if (!state) hosts.set(host, (state = { misses: 0 }))
    if (state.misses >= CUTOFF_MISSES) throw new HostCutOffError(host, state.last!)
    try {
      const response = await inner(request)
      state.misses = 0
      return response
    } catch (error) {
      if (error instanceof DeadlineError) {
        state.misses++
        state.last = error
      } else if (!(error instanceof HostCutOffError)) state.misses = 0
      throw error
    }
  }
}
