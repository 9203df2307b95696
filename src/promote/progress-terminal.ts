// Progress for an interactive terminal: one live bar redrawn in place (carriage return and
// erase-to-end-of-line), ended with a newline when the last edge is done.
import { describeProgress, progressLabel } from './progress-format.js'
import type { PromoteProgress } from './types.js'

const ERASE_TO_END = '\u001b[K'

/** "[#######.............] 12/40 edges, ..." with a bar `width` cells wide. */
export function formatProgressBar(progress: PromoteProgress, width = 24): string {
  const total = Math.max(progress.edgesTotal, 1)
  const filled = Math.min(width, Math.round((progress.edgesDone / total) * width))
  const label = progress.task ? `${progressLabel(progress)} ` : ''
  return `${label}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${describeProgress(progress)}`
}

/** An onProgress callback redrawing the bar through `write` (e.g. process.stderr.write). */
export function createTerminalProgressRenderer(
  write: (text: string) => void,
  width = 24
): (progress: PromoteProgress) => void {
  let finished = false
  let task: PromoteProgress['task'] | 'promote' | undefined
  return (progress) => {
    // Promote, sign and attest report in turn through one renderer: each gets its own bar.
    if ((progress.task ?? 'promote') !== task) {
      task = progress.task ?? 'promote'
      finished = false
    }
    if (finished) return
    finished = progress.edgesDone >= progress.edgesTotal
    write(`\r${formatProgressBar(progress, width)}${ERASE_TO_END}${finished ? '\n' : ''}`)
  }
}
