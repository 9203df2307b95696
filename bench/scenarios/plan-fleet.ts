// `npm run bench -- plan-fleet DIR [--latency MS] [--rps N] [--retry-after S] [--no-google-ext]
// [--state steady|new-region] [--json] [--warm] [--bundle] [--cpu-prof DIR] [--client-rps N]
// [--client-concurrency N]`: the CLI plans a whole thin-manifest tree against a simulated fleet
// (bench/lib/fleet-sim.ts) answering for every host name of the tree over TLS, names resolved to
// loopback in the planning process only. Reports wall time, peak RSS, requests and 429s per host,
// and kpromo's request model (one tag list per repository at 50 requests/s global; ~2 min
// published).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildEdges, loadManifests } from '../../src/manifest/index.js'
import { buildFleet, type FleetState } from '../lib/fleet-inventory.js'
import { startFleet, type Fleet, type HostCounts } from '../lib/fleet-sim.js'
import { fleetCertificates } from '../lib/fleet-tls.js'
import { printResults, runPeer, type BenchResult } from '../lib/index.js'
import type { BenchGoal, BenchScenario } from '../scenario.js'
import { numberFlag } from './promote-common.js'
import { kpromoRequests } from './plan-world.js'

/**
 * A loopback address of its own per run (any 127.x.y.z is loopback on Linux), so port 443, the
 * names' default port, is free to bind even while another fleet runs.
 */
export const FLEET_ADDRESS = `127.0.17.${2 + (process.pid % 250)}`
const KPROMO_RPS = 50
const KPROMO_PUBLISHED_S = 120
const SUMMARY = /^plan: (\d+) edges, (\d+) done, (\d+) to promote(?:, (\d+) lost)?/m

function stringFlag(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : undefined
}

export function diffCounts(after: Map<string, HostCounts>, before: Map<string, HostCounts>) {
  const out: Record<string, HostCounts> = {}
  for (const [host, a] of after) {
    const b = before.get(host)
    out[host] = {
      requests: a.requests - (b?.requests ?? 0),
      throttled: a.throttled - (b?.throttled ?? 0),
      tagLists: a.tagLists - (b?.tagLists ?? 0),
      heads: a.heads - (b?.heads ?? 0),
      peakPerSecond: a.peakPerSecond,
      connections: a.connections - (b?.connections ?? 0)
    }
  }
  return out
}

interface FleetRun {
  label: string
  wallMs: number
  /** User + system CPU seconds of the CLI process (load-independent, unlike wall time). */
  cpuS?: number
  peakRssMb: number
  exitCode: number
  summary?: string
  perHost: Record<string, HostCounts>
  jsonBytes?: number
  stderrTail: string
}

async function planOnce(
  label: string,
  fleet: Fleet,
  cli: string[],
  env: Record<string, string>,
  outFile: string
): Promise<FleetRun> {
  const before = fleet.counts()
  // exec: GNU time measures the CLI process itself; stdout (the JSON) goes to a file.
  const run = await runPeer(
    'sh',
    ['-c', 'out="$1"; shift; exec "$@" > "$out"', 'sh', outFile, ...cli],
    env
  )
  const perHost = diffCounts(fleet.counts(), before)
  const text =
    run.exitCode <= 1 ? execFileSync('tail', ['-c', '2000', outFile], { encoding: 'utf8' }) : ''
  return {
    label,
    wallMs: run.wallMs,
    cpuS: run.userS !== undefined ? run.userS + (run.sysS ?? 0) : undefined,
    peakRssMb: run.peakRssMb,
    exitCode: run.exitCode,
    summary: SUMMARY.exec(text)?.[0] ?? SUMMARY.exec(run.stderr)?.[0],
    perHost,
    jsonBytes: statSync(outFile).size,
    stderrTail: run.stderr.slice(-600)
  }
}

export const planFleet: BenchScenario = {
  name: 'plan-fleet',
  description:
    'the CLI plans a whole tree against a simulated fleet (latency, per-host quotas): plan-fleet DIR',
  run: async (args) => {
    const dir = args[0]
    if (!dir || dir.startsWith('--'))
      throw new Error('usage: npm run bench -- plan-fleet THIN-MANIFEST-DIR [flags]')
    const latencyMs = numberFlag(args, 'latency', 30)
    const rps = numberFlag(args, 'rps', 83)
    const retryAfter = stringFlag(args, 'retry-after')
    const googleExt = !args.includes('--no-google-ext')
    const state = (stringFlag(args, 'state') ?? 'steady') as FleetState
    if (state !== 'steady' && state !== 'new-region')
      throw new Error(`--state must be steady or new-region, got ${state}`)
    const json = args.includes('--json')
    const warm = args.includes('--warm')
    const cpuProf = stringFlag(args, 'cpu-prof')

    const set = await loadManifests({ thinManifestDir: dir })
    const { edges } = buildEdges(set.manifests)
    const built = buildFleet(edges, state)
    const kpromo = kpromoRequests(edges)
    console.error(
      `fleet: ${built.hosts.length} hosts, ${edges.length} edges, state ${state}` +
        (built.emptyHost
          ? ` (${built.emptyHost} empty, ${built.emptyRepositories} repositories)`
          : '')
    )
    const certs = fleetCertificates(built.hosts)
    const fleet = await startFleet({
      inventory: built.inventory,
      latencyMs,
      rps,
      retryAfterS: retryAfter === undefined ? undefined : Number(retryAfter),
      googleExt,
      tls: { key: certs.key, cert: certs.cert },
      host: FLEET_ADDRESS,
      port: 443
    })
    const scratch = mkdtempSync(join(tmpdir(), 'bench-fleet-'))
    const env = {
      FLEET_HOSTS: built.hosts.join(','),
      FLEET_ADDRESS,
      NODE_OPTIONS: ''
    }
    const cliArgs = [
      'plan',
      '--thin-manifest-dir',
      dir,
      '--ca-file',
      certs.caFile,
      '--cache-dir',
      join(scratch, 'cache'),
      '--allow',
      'lost',
      ...(json ? ['--json'] : [])
    ]
    const clientRps = stringFlag(args, 'client-rps')
    if (clientRps) cliArgs.push('--max-requests-per-second', clientRps)
    const clientConcurrency = stringFlag(args, 'client-concurrency')
    if (clientConcurrency) cliArgs.push('--max-concurrency', clientConcurrency)
    // --bundle: the shipped CLI (dist/, what users run; rebuild it first), else the source.
    const bundle = args.includes('--bundle')
    const node = [
      process.execPath,
      ...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : []),
      ...(bundle ? [] : ['--import', 'tsx']),
      '--import',
      join(process.cwd(), 'bench/lib/fleet-lookup.mjs'),
      join(process.cwd(), bundle ? 'dist/cli/index.js' : 'src/cli.ts')
    ]
    const runs: FleetRun[] = []
    try {
      runs.push(await planOnce('cold', fleet, [...node, ...cliArgs], env, join(scratch, 'out')))
      if (warm)
        runs.push(await planOnce('warm', fleet, [...node, ...cliArgs], env, join(scratch, 'out')))
    } finally {
      await fleet.close()
      rmSync(scratch, { recursive: true, force: true })
      rmSync(certs.dir, { recursive: true, force: true })
    }

    const results: BenchResult[] = runs.map((r) => {
      const hosts = Object.values(r.perHost)
      const requests = hosts.reduce((n, h) => n + h.requests, 0)
      const throttled = hosts.reduce((n, h) => n + h.throttled, 0)
      for (const line of r.stderrTail.split('\n').slice(-4)) if (line) console.error(`  ${line}`)
      return {
        scenario: `plan-fleet ${state}${googleExt ? '' : ' no-google-ext'}${json ? ' --json' : ''} ${r.label}`,
        tool: 'image-promoter',
        requests,
        bytes: r.jsonBytes ?? 0,
        wallMs: r.wallMs,
        peakRssMb: r.peakRssMb,
        extra: {
          exitCode: r.exitCode,
          cpuS: r.cpuS,
          summary: r.summary,
          throttled,
          tagLists: hosts.reduce((n, h) => n + h.tagLists, 0),
          heads: hosts.reduce((n, h) => n + h.heads, 0),
          perHost: r.perHost,
          latencyMs,
          rps,
          floorS: requests / (rps * built.hosts.length)
        }
      }
    })
    printResults(results)
    for (const r of runs) {
      console.log(
        `\n${r.label}: requests per host (requests / 429 / tag lists / HEADs / peak per s / TLS connections)`
      )
      for (const [host, c] of Object.entries(r.perHost).sort())
        console.log(
          `  ${host.padEnd(40)} ${c.requests} / ${c.throttled} / ${c.tagLists} / ${c.heads} / ${c.peakPerSecond} / ${c.connections}`
        )
    }
    const notes = [
      `kpromo's request model: ${kpromo} tag lists at ${KPROMO_RPS} rps global = ${(kpromo / KPROMO_RPS).toFixed(0)} s; published ~${KPROMO_PUBLISHED_S} s`
    ]
    for (const n of notes) console.log(n)
    const cold = results[0]!
    const goals: BenchGoal[] = []
    if (state === 'steady' && googleExt) {
      goals.push({
        goal: 'cold full plan <= 30 s, <= 1 GB, 0 throttled',
        met: cold.wallMs <= 30_000 && cold.peakRssMb <= 1024 && cold.extra!.throttled === 0,
        figure: `${(cold.wallMs / 1000).toFixed(1)} s, ${cold.peakRssMb.toFixed(0)} MB, ${String(cold.extra!.throttled)} 429s`
      })
      const w = results[1]
      if (w)
        goals.push({
          goal: 'warm full plan <= 10 s, <= 700 MB',
          met: w.wallMs <= 10_000 && w.peakRssMb <= 700,
          figure: `${(w.wallMs / 1000).toFixed(1)} s, ${w.peakRssMb.toFixed(0)} MB`
        })
    }
    if (state === 'new-region' && built.emptyHost) {
      const empty = runs[0]!.perHost[built.emptyHost]
      goals.push({
        goal: 'new region: at most one listing per repository there, no HEAD storm',
        met: (empty?.requests ?? 0) <= built.emptyRepositories + 1,
        figure: `${empty?.requests ?? 0} requests (${empty?.heads ?? 0} HEADs) for ${built.emptyRepositories} repositories`
      })
    }
    if (!googleExt) {
      const floorS = 720_000 / (rps * built.hosts.length)
      goals.push({
        goal: 'without the Google extension: within 1.5x of the HEAD floor, <= 1 GB',
        met: cold.wallMs / 1000 <= 1.5 * floorS && cold.peakRssMb <= 1024,
        figure: `${(cold.wallMs / 1000).toFixed(0)} s vs floor ${floorS.toFixed(0)} s, ${cold.peakRssMb.toFixed(0)} MB`
      })
    }
    for (const g of goals) console.log(`${g.met ? 'MET ' : 'MISS'} ${g.goal}: ${g.figure}`)
    return { results, goals, notes }
  }
}
