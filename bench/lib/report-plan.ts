// How the report run invokes each scenario: its arguments (one list per case) and whether the
// scenario repeats itself (`--runs N`, one seeding for all runs) or the runner repeats it.
import type { ReportOptions } from './report-options.js'

/** The in-repo thin-manifest tree parse and plan-k8sio use when no `--tree` is given. */
export const FIXTURE_TREE = '__tests__/fixtures/manifests/k8s-thin'

export interface ScenarioInvocation {
  args: string[]
  /** True when the scenario takes `--runs N` and reports medians itself. */
  repeatsItself: boolean
}

const MIB = 1024 * 1024

/** Scenarios that take `--runs` (each run needs fresh destinations but shares one seeding). */
const REPEATS_ITSELF = new Set([
  'peer-skopeo',
  'promote-same-host',
  'promote-cross-host',
  'promote-noop'
])

function cases(name: string, options: ReportOptions): string[][] {
  switch (name) {
    case 'parse':
    case 'plan-k8sio':
      return [[options.tree ?? FIXTURE_TREE]]
    case 'plan-fleet': {
      // Cold then warm, the streamed JSON, a region added, and a fleet without Google's listing.
      const tree = options.tree ?? FIXTURE_TREE
      return [
        [tree, '--warm'],
        [tree, '--json'],
        [tree, '--state', 'new-region'],
        [tree, '--no-google-ext']
      ]
    }
    case 'sigcheck-fleet': {
      const tree = options.tree ?? FIXTURE_TREE
      return [[tree], [tree, '--state', 'signed']]
    }
    case 'promote-cross-host':
      // Many 1 MiB layers (per-request cost) and a few 50 MiB ones (throughput).
      return [[], ['--repos', '2', '--images', '2', '--layer', String(50 * MIB)]]
    case 'plan-pr':
    case 'plan-full-cold':
    case 'plan-full-warm':
      // Half the default world (1,000 staging digests): seeding, not planning, takes the time.
      return [['--repos', '100']]
    case 'sign-attest':
      // The default 50 requests/s pacing would make wall time requests / 50; the report notes that bound.
      return [['--rps', '5000']]
    default:
      return [[]]
  }
}

/** Every invocation of `name` in a report run; scenarios not listed here run with no arguments. */
export function invocationsOf(name: string, options: ReportOptions): ScenarioInvocation[] {
  const repeatsItself = REPEATS_ITSELF.has(name)
  return cases(name, options).map((args) => ({
    args: repeatsItself ? [...args, '--runs', String(options.runs)] : args,
    repeatsItself
  }))
}

/** The report's order: the issues' order; scenarios not listed come last, as registered. */
const ORDER = [
  'parse',
  'resolve',
  'plan-pr',
  'plan-full-cold',
  'plan-full-warm',
  'plan-k8sio',
  'plan-fleet',
  'sigcheck-fleet',
  'promote-same-host',
  'promote-cross-host',
  'promote-noop',
  'sign-attest',
  'vuln-gate',
  'peer-skopeo'
]

export function inReportOrder<T extends { name: string }>(scenarios: T[]): T[] {
  const rank = (s: T) => (ORDER.includes(s.name) ? ORDER.indexOf(s.name) : ORDER.length)
  return [...scenarios].sort((a, b) => rank(a) - rank(b))
}
