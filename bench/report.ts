// `npm run bench [-- --runs N | --quick] [--tree DIR] [--only a,b] [--out FILE]`: runs every
// registered scenario (each run in its own process), takes medians, and writes docs/benchmarks.md
// plus the raw report as JSON under bench-results/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { aggregateOutcomes } from './lib/aggregate.js'
import { runScenarioChild } from './lib/child-run.js'
import { machineInfo } from './lib/machine.js'
import { fallbackGoals, scenarioNotes } from './lib/report-goals.js'
import { renderReport } from './lib/report-markdown.js'
import type { BenchReport, CaseReport } from './lib/report-model.js'
import { commandLine, parseReportOptions, type ReportOptions } from './lib/report-options.js'
import {
  FIXTURE_TREE,
  inReportOrder,
  invocationsOf,
  type ScenarioInvocation
} from './lib/report-plan.js'
import type { BenchOutcome, BenchScenario } from './scenario.js'

const RESULTS_DIR = 'bench-results'

async function runCase(
  scenario: BenchScenario,
  invocation: ScenarioInvocation,
  options: ReportOptions,
  logPrefix: string
): Promise<CaseReport> {
  const command = commandLine([scenario.name, ...invocation.args], options.tree)
  const started = performance.now()
  const base = {
    scenario: scenario.name,
    description: scenario.description,
    command,
    runs: options.runs,
    repeatsItself: invocation.repeatsItself
  }
  try {
    const outcomes: BenchOutcome[] = []
    const children = invocation.repeatsItself ? 1 : options.runs
    for (let run = 0; run < children; run++) {
      console.error(`[bench] ${command} (run ${run + 1} of ${children})`)
      const outcome = await runScenarioChild(
        scenario.name,
        invocation.args,
        `${logPrefix}-run${run + 1}.log`
      )
      // Scenarios that only flag rows (`extra.met`) get their goals from the report's table.
      outcomes.push({
        ...outcome,
        goals: outcome.goals ?? fallbackGoals(scenario.name, outcome.results)
      })
    }
    const outcome = aggregateOutcomes(outcomes)
    outcome.notes.push(...scenarioNotes(scenario.name, outcome.results, options.tree))
    return { ...base, outcome, wallMs: performance.now() - started }
  } catch (error) {
    console.error(`[bench] ${scenario.name} failed: ${String(error)}`)
    return {
      ...base,
      error: error instanceof Error ? error.message : String(error),
      wallMs: performance.now() - started
    }
  }
}

/** Writes the markdown as Prettier would, so `npm run lint` (prettier --check .) accepts it. */
async function writeMarkdown(report: BenchReport, out: string): Promise<void> {
  mkdirSync(dirname(out), { recursive: true })
  const config = (await resolveConfig(out)) ?? {}
  writeFileSync(out, await format(`${renderReport(report)}\n`, { ...config, filepath: out }))
}

/** Runs the report; returns the process exit code (1 when any scenario failed). */
export async function runReport(scenarios: BenchScenario[], argv: string[]): Promise<number> {
  const options = parseReportOptions(argv)
  if (options.fromJson !== undefined) {
    // Re-render only (e.g. after a wording change), from the raw report of an earlier run.
    await writeMarkdown(
      JSON.parse(readFileSync(options.fromJson, 'utf8')) as BenchReport,
      options.out
    )
    return 0
  }
  const unknown = (options.only ?? []).filter((n) => !scenarios.some((s) => s.name === n))
  if (unknown.length > 0) throw new Error(`--only names unknown scenarios: ${unknown.join(', ')}`)
  const chosen = inReportOrder(scenarios).filter(
    (s) => !options.only || options.only.includes(s.name)
  )
  const startedAt = new Date()
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-')
  const logDir = join(RESULTS_DIR, stamp)
  mkdirSync(logDir, { recursive: true })
  const machine = machineInfo()
  const started = performance.now()
  const cases: CaseReport[] = []
  for (const scenario of chosen) {
    const invocations = invocationsOf(scenario.name, options)
    for (const [i, invocation] of invocations.entries())
      cases.push(
        await runCase(scenario, invocation, options, join(logDir, `${scenario.name}-${i + 1}`))
      )
  }
  const report: BenchReport = {
    command: commandLine(argv, options.tree),
    runs: options.runs,
    startedAt: startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    totalMs: performance.now() - started,
    machine,
    cases,
    treeLabel: options.tree
      ? "DIR, a checkout of kubernetes/k8s.io's registry.k8s.io thin-manifest tree (not in this repository)"
      : `the in-repo fixture \`${FIXTURE_TREE}\``
  }
  writeFileSync(join(logDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`)
  await writeMarkdown(report, options.out)
  console.error(
    `[bench] wrote ${options.out} (raw: ${logDir}/report.json) in ${Math.round(report.totalMs / 1000)} s`
  )
  return cases.some((c) => c.error !== undefined) ? 1 : 0
}
