// Runs one promotion in its own process for the promote-* scenarios, so its peak RSS and CPU
// are the engine's alone (not the seeder's). Reads a job JSON (argv[2]); prints one JSON line.
// Run with `node --import tsx`; wall time is measured around the promotion itself.
import { readFileSync } from 'node:fs'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { promote, type PromoteOptions } from '../../src/promote/index.js'

export interface PromoteJob {
  sourceHost: string
  destinationHost: string
  options?: Omit<PromoteOptions, 'onProgress' | 'signal' | 'now'>
  requests: { sourceRepo: string; digest: string; destinationRepo: string; tags: string[] }[]
}

export interface PromoteJobResult {
  /** The promotion alone: from the client's creation to the result. */
  wallMs: number
  /**
   * Before it, from this process's start: node, the tsx loader and the transpiled modules (the
   * shipped bundle loads in about the same time). Not in wallMs; skopeo's wall includes its own.
   */
  startupMs: number
  /** CPU seconds of that startup (not in cpuS). */
  startupCpuS: number
  cpuS: number
  peakRssMb: number
  ok: boolean
  totals: Record<string, number>
  clientRequests: number
  failures: string[]
}

/**
 * This process's own peak RSS. Not resourceUsage().maxRSS: Linux carries the parent's peak
 * across fork+exec into that number, so a child of a big parent would report the parent's.
 */
function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return match ? Number(match[1]) / 1024 : Number.NaN
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as PromoteJob
const cpu = process.cpuUsage()
const started = performance.now()
// Default pacing, as a user gets it: loopback hosts have no known quota (host-config.ts).
const client = new RegistryClient({ userAgent: 'image-promoter-bench' })
const [source, destination] = [client.store(job.sourceHost), client.store(job.destinationHost)]
const result = await promote(
  job.requests.map((r) => ({
    id: `${r.destinationRepo}@${r.digest}`,
    source: { store: source, repo: r.sourceRepo },
    digest: r.digest,
    destination: { store: destination, repo: r.destinationRepo },
    tags: r.tags
  })),
  job.options
)
const wallMs = performance.now() - started
const used = process.cpuUsage(cpu)
const output: PromoteJobResult = {
  wallMs,
  startupMs: started,
  startupCpuS: (cpu.user + cpu.system) / 1e6,
  cpuS: (used.user + used.system) / 1e6,
  peakRssMb: peakRssMb(),
  ok: result.ok,
  totals: { ...result.totals },
  clientRequests: client.stats().requests,
  failures: result.results.filter((r) => r.state === 'failed').map((r) => `${r.id}: ${r.reason}`)
}
await client.close()
process.stdout.write(`${JSON.stringify(output)}\n`)
