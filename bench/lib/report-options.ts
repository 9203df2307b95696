// Flags of `npm run bench` when no scenario is named (the report run), and the command line that
// reproduces a run with a local path shown as a placeholder.

/** Options of the report run. */
export interface ReportOptions {
  /** Runs per scenario; figures are medians over them. Default 3; `--quick` sets 1. */
  runs: number
  /** A thin-manifest tree for parse and plan-k8sio (default: the in-repo k8s-thin fixture). */
  tree?: string
  /** Only these scenarios (default: every registered one). */
  only?: string[]
  /** Where the markdown goes. Default docs/benchmarks.md. */
  out: string
  /** Re-render the markdown from a saved report.json instead of running anything. */
  fromJson?: string
}

export const DEFAULT_RUNS = 3
export const DEFAULT_REPORT_PATH = 'docs/benchmarks.md'

export class ReportUsageError extends Error {}

function valueOf(argv: string[], at: number, flag: string): string {
  const value = argv[at + 1]
  if (value === undefined || value.startsWith('--'))
    throw new ReportUsageError(`${flag} expects a value, got nothing`)
  return value
}

/** Parse `[--runs N | --quick] [--tree DIR] [--only a,b] [--out FILE] [--from-json FILE]`. */
export function parseReportOptions(argv: string[]): ReportOptions {
  const options: ReportOptions = { runs: DEFAULT_RUNS, out: DEFAULT_REPORT_PATH }
  for (let at = 0; at < argv.length; at++) {
    const flag = argv[at]!
    if (flag === '--quick') options.runs = 1
    else if (flag === '--runs') {
      options.runs = Number(valueOf(argv, at++, flag))
      if (!Number.isInteger(options.runs) || options.runs < 1)
        throw new ReportUsageError(`--runs expects a positive integer, got "${argv[at]}"`)
    } else if (flag === '--tree') options.tree = valueOf(argv, at++, flag)
    else if (flag === '--only') options.only = valueOf(argv, at++, flag).split(',')
    else if (flag === '--out') options.out = valueOf(argv, at++, flag)
    else if (flag === '--from-json') options.fromJson = valueOf(argv, at++, flag)
    else
      throw new ReportUsageError(
        `unknown report flag "${flag}"; expected --runs N, --quick, --tree DIR, --only a,b, --out FILE or --from-json FILE`
      )
  }
  return options
}

/** `npm run bench -- ARGS` with the tree path replaced by DIR, so documents name no local path. */
export function commandLine(args: string[], tree: string | undefined): string {
  const shown = args.map((a) => (tree !== undefined && a === tree ? 'DIR' : a))
  return shown.length === 0 ? 'npm run bench' : `npm run bench -- ${shown.join(' ')}`
}
