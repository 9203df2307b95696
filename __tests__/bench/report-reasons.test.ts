import { describe, expect, it } from '@jest/globals'
import { missReason } from '../../bench/lib/report-reasons.js'

const row = (tool: string, requests: number, wallMs: number, extra = {}) => ({
  scenario: 'promote-cross-host 2x2x52428800B',
  tool,
  requests,
  bytes: 400e6,
  wallMs,
  peakRssMb: 100,
  extra
})

describe('missReason', () => {
  it("bounds the possible speedup by the peer's share of the loopback limit", () => {
    const rows = [
      row('image-promoter', 90, 2000, { loopbackLimitMBps: 300 }),
      row('skopeo sync --all', 150, 2000)
    ]
    const reason = missReason('promote-cross-host', '>= 1.5x faster than skopeo', rows)
    // skopeo moves 200 MB/s of a 300 MB/s limit: at most 1.50x is possible.
    expect(reason).toContain(
      'skopeo already moves 200 MB/s, 67% of the 300 MB/s loopback copy limit'
    )
    expect(reason).toContain('no client could be more than 1.50x faster here')
    expect(reason).toContain("Ours made 60% of skopeo's requests")
  })

  it('has no reason for goals it does not know', () => {
    expect(missReason('parse', 'wall < 3 s', [])).toBeUndefined()
  })
})
