// The run's abort signal for the entry points (CLI, Action): SIGINT and SIGTERM stop the run's
// I/O at once and let it end cleanly (report, exit code); a second signal exits immediately.
// The GitHub runner cancels a job with SIGINT, then SIGTERM ~7.5 s later, then SIGKILL.
import { constants } from 'node:os'
import { CancelledError } from './cancel.js'

export interface StopSignals {
  signal: AbortSignal
  /** Remove the handlers (the default signal behaviour returns). */
  dispose: () => void
}

export function stopOnSignals(): StopSignals {
  const controller = new AbortController()
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(128 + constants.signals[name])
      controller.abort(new CancelledError(`stopped by ${name}`))
    }
    process.on(name, handler)
    return () => process.off(name, handler)
  })
  return { signal: controller.signal, dispose: () => handlers.forEach((off) => off()) }
}
