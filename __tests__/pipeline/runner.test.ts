// The phase runner: order, timings, clean early stop, failures, abort.
import { describe, expect, it } from '@jest/globals'
import { runPipeline, type Phase } from '../../src/pipeline/runner.js'

type Ctx = { seen: string[] }

function phase(
  name: string,
  outcome: 'continue' | { stop: string } | Error = 'continue'
): Phase<Ctx> {
  return {
    name,
    async run(ctx) {
      ctx.seen.push(name)
      if (outcome instanceof Error) throw outcome
      return outcome
    }
  }
}

function clock(step: number) {
  let t = 0
  return () => (t += step)
}

describe('runPipeline', () => {
  it('runs every phase in order and times each', async () => {
    const ctx: Ctx = { seen: [] }
    const result = await runPipeline([phase('setup'), phase('plan'), phase('promote')], ctx, {
      now: clock(5)
    })
    expect(ctx.seen).toEqual(['setup', 'plan', 'promote'])
    expect(result.outcome).toEqual({ kind: 'completed' })
    expect(result.phases.map((p) => [p.name, p.status, p.durationMs])).toEqual([
      ['setup', 'completed', 5],
      ['plan', 'completed', 5],
      ['promote', 'completed', 5]
    ])
  })

  it('stops cleanly when a phase says so and skips the rest', async () => {
    const ctx: Ctx = { seen: [] }
    const result = await runPipeline(
      [phase('plan'), phase('validate', { stop: 'pull request: read-only' }), phase('promote')],
      ctx
    )
    expect(ctx.seen).toEqual(['plan', 'validate'])
    expect(result.outcome).toEqual({
      kind: 'stopped',
      phase: 'validate',
      reason: 'pull request: read-only'
    })
    expect(result.phases.map((p) => p.status)).toEqual(['completed', 'stopped', 'skipped'])
  })

  it('records a throwing phase as failed without throwing', async () => {
    const boom = new Error('registry down')
    const events: string[] = []
    const result = await runPipeline(
      [phase('plan', boom), phase('promote')],
      { seen: [] },
      {
        onPhase: (e) => events.push(`${e.name}:${e.record?.status ?? 'start'}`)
      }
    )
    expect(result.outcome).toEqual({ kind: 'failed', phase: 'plan', error: boom })
    expect(result.phases[0]).toMatchObject({ status: 'failed', reason: 'registry down' })
    expect(events).toEqual(['plan:start', 'plan:failed'])
  })

  it('stops before the next phase once the signal is aborted', async () => {
    const controller = new AbortController()
    const ctx: Ctx = { seen: [] }
    const aborting: Phase<Ctx> = {
      name: 'plan',
      async run() {
        controller.abort()
        return 'continue'
      }
    }
    const result = await runPipeline([aborting, phase('promote'), phase('sign')], ctx, {
      signal: controller.signal
    })
    expect(ctx.seen).toEqual([])
    expect(result.outcome).toMatchObject({ kind: 'stopped', phase: 'promote' })
    expect(result.phases.map((p) => p.status)).toEqual(['completed', 'skipped', 'skipped'])
  })
})
