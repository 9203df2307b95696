// What the report knows beyond the scenarios' own figures: goals of scenarios that only flag
// `extra.met`, the comparison with the peer, standing notes, and why a known goal is missed.
import { defaultRequestsPerSecond } from '../../src/oci/registry/host-config.js'
import type { BenchGoal } from '../scenario.js'
import type { BenchResult } from './results.js'

type Extra = Record<string, unknown>

const num = (extra: Extra | undefined, key: string) => Number(extra?.[key])
const reads = (extra: Extra | undefined) => (extra?.reads ?? {}) as Record<string, number>

/** Goals of scenarios that mark a row `extra.met` instead of returning goals (plan-*). */
const FLAGGED_GOALS: Record<string, (r: BenchResult) => Omit<BenchGoal, 'met'>> = {
  'plan-pr': (r) => ({
    goal: `digest requests ${String(r.extra?.goal ?? '<= 1 + destination tags + auth')}`,
    figure: `${reads(r.extra).total} store reads, ${r.requests} HTTP requests with auth`
  }),
  'plan-full-cold': (r) => ({
    goal: '<= one request per unique (repository, reference)',
    figure: `${reads(r.extra).total} reads for ${num(r.extra, 'neededReferences')} references`
  }),
  'plan-full-warm': (r) => ({
    goal: '<= one tag-list page per destination repository, no per-tag requests',
    figure:
      `${reads(r.extra).tagLists} tag lists for ${num(r.extra, 'destinationRepos')} repositories, ` +
      `${reads(r.extra).destinationHeads} per-tag HEADs`
  })
}

/**
 * Goals of scenarios that return none: from rows flagged `extra.met` (plan-*), or derived here
 * (plan-k8sio's memory bound, from its file's header).
 */
export function fallbackGoals(scenario: string, results: BenchResult[]): BenchGoal[] {
  if (scenario === 'plan-k8sio')
    return results.map((r) => ({
      goal: 'peak RSS < 600 MB',
      met: r.peakRssMb < 600,
      figure: `${Math.round(r.peakRssMb)} MB`
    }))
  return results
    .filter((r) => typeof r.extra?.met === 'boolean')
    .map((r) => {
      const describe =
        FLAGGED_GOALS[scenario] ?? (() => ({ goal: String(r.extra?.goal ?? 'scenario goal') }))
      return { ...describe(r), met: r.extra!.met as boolean }
    })
}

/** A quota'd host's default pacing (GHCR's); unquoted hosts are bounded by concurrency only. */
const DEFAULT_PACING_RPS = defaultRequestsPerSecond('ghcr.io')

const isPeer = (r: BenchResult) => r.tool !== 'image-promoter'
const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`

/** How a row of ours compares with the peer measured in the same run ('' for peer rows). */
export function comparison(row: BenchResult, rows: BenchResult[]): string {
  if (isPeer(row)) return ''
  const kpromo = num(row.extra, 'kpromoRequests')
  if (kpromo > 0) return `kpromo model: ${kpromo} requests; ours ${pct(row.requests, kpromo)} of it`
  const peer = rows.find((r) => isPeer(r) && r.scenario === row.scenario)
  if (peer) {
    const cpu = [row, peer].map((r) => num(r.extra, 'cpuS'))
    const cpuText = cpu.every((c) => c > 0)
      ? `; CPU ${cpu[0]!.toFixed(2)} s vs ${cpu[1]!.toFixed(2)} s`
      : ''
    return (
      `${(peer.wallMs / row.wallMs).toFixed(2)}x the speed of ${peer.tool}, ` +
      `${pct(row.requests, peer.requests)} of its requests${cpuText}`
    )
  }
  const sampled = rows.find((r) => isPeer(r) && r.extra?.resolvesPerSecond !== undefined)
  if (sampled && row.extra?.resolvesPerSecond !== undefined)
    return (
      `${num(row.extra, 'requestsPerUniqueRef')} vs ${num(sampled.extra, 'requestsPerRef')} requests per reference, ` +
      `${num(row.extra, 'resolvesPerSecond')} vs ${num(sampled.extra, 'resolvesPerSecond')} resolves/s (${sampled.tool})`
    )
  const perDigest =
    num(row.extra, 'registryRequestsPerDigest') || num(row.extra, 'requestsPerDigest')
  return perDigest > 0 ? `${perDigest} registry requests per digest (no peer)` : ''
}

/** Notes printed under a scenario: facts the figures need to be read right. */
export function scenarioNotes(
  scenario: string,
  results: BenchResult[],
  tree: string | undefined
): string[] {
  switch (scenario) {
    case 'parse':
      return tree !== undefined
        ? []
        : [
            'This run parsed the small in-repo k8s-thin tree. On the full registry.k8s.io tree (not in the repo; ' +
              '`npm run bench -- parse DIR`) the manifest work measured 705-818 ms wall and 271-298 MB peak RSS; ' +
              'pass `--tree DIR` to `npm run bench` to measure it in the report run.'
          ]
    case 'plan-pr':
    case 'plan-full-cold':
    case 'plan-full-warm':
      return [
        "kpromo's request model: one tag list per source and per destination repository any planned edge touches " +
          '(it reads inventories, not single references), counted for the same edges.',
        'The report plans a world of 100 staging repositories x 10 images and 3 destinations holding half of them ' +
          '(the scenario defaults to 200 repositories): seeding, not planning, takes the time, and the request ' +
          'goals scale with the world.'
      ]
    case 'sign-attest':
      return results.map(
        (r) =>
          `${r.scenario}: ${String(r.extra?.registryRequestsPerDigest)} registry requests per digest; ` +
          `at GHCR's default pacing of ${DEFAULT_PACING_RPS} requests/s its ${r.requests} requests take at least ` +
          `${Math.round(r.requests / DEFAULT_PACING_RPS)} s (this run lifts the pacing to measure the work itself).`
      )
    default:
      return []
  }
}
