// Progress: the renderers are pure functions of progress data plus a writer; the engine
// reports every edge and throttles byte updates.
import { describe, expect, it } from '@jest/globals'
import {
  createActionsProgressRenderer,
  createTerminalProgressRenderer,
  etaMs,
  formatActionsProgressLine,
  formatBytes,
  formatDuration,
  formatProgressBar,
  promote,
  type PromoteProgress
} from '../../src/promote/index.js'
import { pushImage } from './images.js'
import { MemoryHost, MemoryStore } from './memory-store.js'

const at = (over: Partial<PromoteProgress>): PromoteProgress => ({
  edgesTotal: 40,
  edgesDone: 10,
  edgesFailed: 0,
  bytesDone: 50_000_000,
  bytesPlanned: 80_000_000,
  mounts: 0,
  elapsedMs: 10_000,
  ...over
})

describe('progress formatting', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1500, '1.5 kB'],
    [123_456_789, '123.5 MB'],
    [2e12, '2.0 TB']
  ])('formatBytes(%d) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text))

  it.each([
    [4_400, '4s'],
    [65_000, '1m05s'],
    [3_725_000, '1h02m']
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text))

  it('estimates the remaining time from the edge rate', () => {
    expect(etaMs(at({}))).toBe(30_000)
    expect(etaMs(at({ edgesDone: 0 }))).toBeUndefined()
  })

  it('writes an Actions line with edges, failures, bytes, rate, mounts and ETA', () => {
    expect(formatActionsProgressLine(at({ edgesFailed: 2, mounts: 3 }))).toBe(
      'Promoting: 10/40 edges, 2 failed, 50.0 MB at 5.0 MB/s, 3 mounts, ETA 30s'
    )
  })

  it('draws a bar proportional to edges done', () => {
    expect(formatProgressBar(at({}), 8)).toMatch(/^\[##\.\.\.\.\.\.\] 10\/40 edges/)
    expect(formatProgressBar(at({ edgesDone: 40 }), 4)).toMatch(/^\[####\] 40\/40 edges, 50.0 MB/)
  })
})

describe('progress renderers', () => {
  it('Actions: at most one line per interval of run time, and always the final one', () => {
    const lines: string[] = []
    const render = createActionsProgressRenderer((l) => lines.push(l), 5000)
    for (const elapsedMs of [0, 1000, 4999, 5000, 6000]) render(at({ elapsedMs }))
    render(at({ elapsedMs: 7000, edgesDone: 40 }))
    render(at({ elapsedMs: 8000, edgesDone: 40 }))
    expect(lines).toHaveLength(3)
    expect(lines[2]).toContain('40/40 edges')
  })

  it('terminal: redraws in place and ends with a newline', () => {
    const out: string[] = []
    const render = createTerminalProgressRenderer((t) => out.push(t), 10)
    render(at({}))
    render(at({ edgesDone: 40 }))
    expect(out[0]).toMatch(/^\r\[#{3}\.{7}\] 10\/40 edges/)
    expect(out[0]!.endsWith('\u001b[K')).toBe(true)
    expect(out[1]!.endsWith('\n')).toBe(true)
  })
})

describe('progress events from the engine', () => {
  it('reports every edge and the bytes moved', async () => {
    const src = new MemoryStore(new MemoryHost('a.example'))
    const dst = new MemoryStore(new MemoryHost('b.example'))
    const image = await pushImage(src, 'staging/app', { layers: 2, layerSize: 100 })
    const events: PromoteProgress[] = []
    const requests = ['p/one', 'p/two'].map((repo) => ({
      id: repo,
      source: { store: src, repo: 'staging/app' },
      digest: image.digest,
      destination: { store: dst, repo },
      tags: []
    }))
    await promote(requests, { onProgress: (p) => events.push(p), progressIntervalMs: 0 })
    const last = events.at(-1)!
    expect(last).toMatchObject({ edgesTotal: 2, edgesDone: 2, bytesDone: 232, mounts: 3 })
    expect(events.filter((e) => e.edgesDone === 1).length).toBeGreaterThan(0)
  })
})
