// Benchmark results: one row per (scenario, tool), printed as JSON and as a markdown table.

export interface BenchResult {
  scenario: string
  tool: string
  /** Registry requests the run caused (from the AccessLog). */
  requests: number
  /** Bytes moved (response bytes from the AccessLog, or what the scenario counts). */
  bytes: number
  wallMs: number
  peakRssMb: number
  /** Anything else worth keeping (runs, per-kind counts...). */
  extra?: Record<string, unknown>
}

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Median of each numeric field over runs of the same (scenario, tool). */
export function medianResult(runs: BenchResult[]): BenchResult {
  const pick = (f: (r: BenchResult) => number) => median(runs.map(f))
  return {
    ...runs[0],
    requests: pick((r) => r.requests),
    bytes: pick((r) => r.bytes),
    wallMs: pick((r) => r.wallMs),
    peakRssMb: pick((r) => r.peakRssMb),
    extra: { ...runs[0].extra, runs: runs.length }
  }
}

export function markdownTable(results: BenchResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${r.tool} | ${r.requests} | ${r.bytes} | ${Math.round(r.wallMs)} | ${r.peakRssMb.toFixed(1)} |`
  )
  return [
    '| scenario | tool | requests | bytes | wall ms | peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows
  ].join('\n')
}

/** Print the results as one JSON line, then a markdown table. */
export function printResults(results: BenchResult[]): void {
  console.log(JSON.stringify({ results }))
  console.log()
  console.log(markdownTable(results))
}
