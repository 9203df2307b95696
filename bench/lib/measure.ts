// Measure our own work: wall time and peak RSS while `fn` runs (RSS sampled every 10 ms, since
// process.resourceUsage().maxRSS only ever grows over the process's life).

export interface Measured<T> {
  result: T
  wallMs: number
  /** Peak resident set size seen while `fn` ran, in MB. */
  peakRssMb: number
  /** The process's lifetime peak (resourceUsage().maxRSS), in MB. */
  lifetimePeakRssMb: number
}

const MB = 1024 * 1024

export async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  let peak = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 10)
  const start = performance.now()
  try {
    const result = await fn()
    const wallMs = performance.now() - start
    peak = Math.max(peak, process.memoryUsage.rss())
    return {
      result,
      wallMs,
      peakRssMb: peak / MB,
      lifetimePeakRssMb: (process.resourceUsage().maxRSS * 1024) / MB
    }
  } finally {
    clearInterval(sampler)
  }
}

/** Run `fn` `runs` times (sequentially) and return every measurement. */
export async function repeat<T>(runs: number, fn: (run: number) => Promise<T>): Promise<T[]> {
  const out: T[] = []
  for (let run = 0; run < runs; run++) out.push(await fn(run))
  return out
}
