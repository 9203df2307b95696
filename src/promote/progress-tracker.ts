// Accumulates run-wide progress and hands snapshots to the caller's callback. Edge completions
// are always reported; byte updates at most once per interval so a fast stream stays cheap.
import type { CopyState, PromoteProgress } from './types.js'

export class ProgressTracker {
  private edgesDone = 0
  private edgesFailed = 0
  private bytesDone = 0
  private bytesPlanned = 0
  private mounts = 0
  private lastEmit = Number.NEGATIVE_INFINITY
  private readonly started: number

  constructor(
    private readonly edgesTotal: number,
    private readonly onProgress: ((progress: PromoteProgress) => void) | undefined,
    private readonly now: () => number,
    private readonly intervalMs: number
  ) {
    this.started = now()
  }

  streamStarted(size: number): void {
    this.bytesPlanned += size
  }

  bytesMoved(count: number): void {
    this.bytesDone += count
    if (this.now() - this.lastEmit >= this.intervalMs) this.emit()
  }

  mounted(): void {
    this.mounts++
  }

  edgeDone(state: CopyState): void {
    this.edgesDone++
    if (state === 'failed') this.edgesFailed++
    this.emit()
  }

  snapshot(): PromoteProgress {
    return {
      edgesTotal: this.edgesTotal,
      edgesDone: this.edgesDone,
      edgesFailed: this.edgesFailed,
      bytesDone: this.bytesDone,
      bytesPlanned: this.bytesPlanned,
      mounts: this.mounts,
      elapsedMs: this.now() - this.started
    }
  }

  private emit(): void {
    if (!this.onProgress) return
    this.lastEmit = this.now()
    this.onProgress(this.snapshot())
  }
}
