// promote(): run copy requests with bounded concurrency and failure isolation, and sum up.
import { abortReason } from '../cancel.js'
import { createCopyContext, stoppable, stopRun, type CopyContext } from './context.js'
import { cancelledError } from './errors.js'
import { Semaphore } from '../concurrency/index.js'
import { resolvePromoteOptions, type PromoteOptions } from './options.js'
import { emptyCounters, promoteRequest } from './request.js'
import type { CopyRequest, CopyResult, PromoteResult, PromoteTotals } from './types.js'

function cancelledResult(context: CopyContext, request: CopyRequest): CopyResult {
  const error = cancelledError(context.stopReason ?? 'the run was stopped')
  return {
    id: request.id,
    state: 'failed',
    reason: error.describe(),
    code: error.code,
    error,
    tags: [],
    counters: emptyCounters(),
    durationMs: 0
  }
}

export function sumResults(results: CopyResult[]): PromoteTotals {
  const totals: PromoteTotals = { ...emptyCounters(), copied: 0, exists: 0, conflict: 0, failed: 0 }
  for (const result of results) {
    totals[result.state]++
    for (const key of Object.keys(result.counters) as (keyof CopyResult['counters'])[]) {
      totals[key] += result.counters[key]
    }
  }
  return totals
}

/**
 * Copy every request's digest (and tags) from source to destination, byte for byte.
 * A failing request does not stop the others unless `failFast`; an aborted `signal` stops
 * at the next step boundary. Never throws for a copy failure: read `ok` and the results.
 */
export async function promote(
  requests: CopyRequest[],
  options: PromoteOptions = {}
): Promise<PromoteResult> {
  const resolved = resolvePromoteOptions(options)
  const context = createCopyContext(resolved, requests.length)
  const started = resolved.now()
  const limiter = new Semaphore(resolved.concurrency)
  // The run's signal stops requests in flight at once, not only at the next step boundary.
  const signal = resolved.signal
  const onAbort = () => stopRun(context, abortReason(signal!))
  if (signal?.aborted) onAbort()
  signal?.addEventListener('abort', onAbort, { once: true })
  const results = await Promise.all(
    requests.map((request) =>
      limiter.run(async () => {
        const result =
          context.stopReason === undefined
            ? await promoteRequest(context, {
                ...request,
                source: stoppable(context, request.source),
                destination: stoppable(context, request.destination)
              })
            : cancelledResult(context, request)
        if (result.state === 'failed' && resolved.failFast) {
          stopRun(context, `fail-fast: stopped after ${request.id} failed`)
        }
        context.progress.edgeDone(result.state)
        return result
      })
    )
  )
  signal?.removeEventListener('abort', onAbort)
  const totals = sumResults(results)
  return {
    results,
    totals,
    ok: totals.failed === 0 && totals.conflict === 0,
    stopped: context.stopReason !== undefined,
    durationMs: resolved.now() - started
  }
}
