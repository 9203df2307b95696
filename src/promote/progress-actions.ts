// Progress for GitHub Actions logs: plain lines (no carriage returns), at most one per
// interval plus the final one, so a long promotion shows it is alive without flooding the log.
import { describeProgress, progressLabel } from './progress-format.js'
import type { PromoteProgress } from './types.js'

/** Default spacing of progress lines in the Actions log. */
export const DEFAULT_ACTIONS_PROGRESS_INTERVAL_MS = 5000

export function formatActionsProgressLine(progress: PromoteProgress): string {
  return `${progressLabel(progress)}: ${describeProgress(progress)}`
}

/**
 * An onProgress callback writing one line per `intervalMs` of run time (taken from the
 * progress data, not a clock) and always the line that completes the run.
 */
export function createActionsProgressRenderer(
  writeLine: (line: string) => void,
  intervalMs = DEFAULT_ACTIONS_PROGRESS_INTERVAL_MS
): (progress: PromoteProgress) => void {
  let lastWrittenAt: number | undefined
  let finished = false
  let task: PromoteProgress['task'] | 'promote' | undefined
  return (progress) => {
    // Promote, sign and attest report in turn through one renderer: each starts afresh.
    if ((progress.task ?? 'promote') !== task) {
      task = progress.task ?? 'promote'
      lastWrittenAt = undefined
      finished = false
    }
    if (finished) return
    const complete = progress.edgesDone >= progress.edgesTotal
    const due = lastWrittenAt === undefined || progress.elapsedMs - lastWrittenAt >= intervalMs
    if (!complete && !due) return
    lastWrittenAt = progress.elapsedMs
    finished = complete
    writeLine(formatActionsProgressLine(progress))
  }
}
