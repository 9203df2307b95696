// The phase runner: phases run in order, each may stop the run cleanly with a reason; every
// phase's timing is recorded, and a throwing phase ends the run as failed without throwing.
import { errorMessage } from '../errors.js'

/** What a phase tells the runner: go on, or stop here (a clean, expected end). */
export type PhaseOutcome = 'continue' | { stop: string }

export interface Phase<Context> {
  name: string
  run(context: Context): Promise<PhaseOutcome>
}

export type PhaseStatus = 'completed' | 'stopped' | 'failed' | 'skipped'

export interface PhaseRecord {
  name: string
  status: PhaseStatus
  /** 0 for skipped phases. */
  durationMs: number
  /** Why the phase stopped the run, or the failure message. */
  reason?: string
  error?: unknown
}

/** How the whole run ended: all phases done, a clean stop, or a phase that threw. */
export type PipelineOutcome =
  | { kind: 'completed' }
  | { kind: 'stopped'; phase: string; reason: string }
  | { kind: 'failed'; phase: string; error: unknown }

export interface PipelineResult {
  outcome: PipelineOutcome
  phases: PhaseRecord[]
  durationMs: number
}

export interface PipelineOptions {
  /** Checked before each phase; an aborted signal stops the run as `stopped`. */
  signal?: AbortSignal
  /** Called when a phase starts and when it ends (for logs and progress). */
  onPhase?: (event: { name: string; record?: PhaseRecord }) => void
  /** Clock for timings. Default `performance.now`. */
  now?: () => number
}

/** Run `phases` in order over one shared context. Never throws for a phase failure. */
export async function runPipeline<Context>(
  phases: readonly Phase<Context>[],
  context: Context,
  options: PipelineOptions = {}
): Promise<PipelineResult> {
  const now = options.now ?? (() => performance.now())
  const started = now()
  const records: PhaseRecord[] = []
  let outcome: PipelineOutcome = { kind: 'completed' }
  for (const phase of phases) {
    if (outcome.kind !== 'completed') {
      records.push({ name: phase.name, status: 'skipped', durationMs: 0 })
      continue
    }
    if (options.signal?.aborted) {
      outcome = { kind: 'stopped', phase: phase.name, reason: 'the run was aborted' }
      records.push({ name: phase.name, status: 'skipped', durationMs: 0, reason: outcome.reason })
      continue
    }
    options.onPhase?.({ name: phase.name })
    const phaseStart = now()
    let record: PhaseRecord
    try {
      const result = await phase.run(context)
      const durationMs = now() - phaseStart
      if (result === 'continue') {
        record = { name: phase.name, status: 'completed', durationMs }
      } else {
        record = { name: phase.name, status: 'stopped', durationMs, reason: result.stop }
        outcome = { kind: 'stopped', phase: phase.name, reason: result.stop }
      }
    } catch (error) {
      const durationMs = now() - phaseStart
      record = {
        name: phase.name,
        status: 'failed',
        durationMs,
        reason: errorMessage(error),
        error
      }
      outcome = { kind: 'failed', phase: phase.name, error }
    }
    records.push(record)
    options.onPhase?.({ name: phase.name, record })
  }
  return { outcome, phases: records, durationMs: now() - started }
}
