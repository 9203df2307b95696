// Presents a finished run in the workflow: outputs, JSON reports, annotations on manifest lines,
// and the job summary (kept under GitHub's 1 MiB limit).
import * as core from '@actions/core'
import { mkdirSync } from 'node:fs'
import { relative } from 'node:path'
import type { RunResult } from '../pipeline/run.js'
import { planJsonChunks } from '../plan/index.js'
import { annotationsFor } from '../report/annotations.js'
import { renderMarkdown, type ReportLinks } from '../report/markdown.js'
import type { RunReport } from '../report/run-report.js'
import { planOutput, promotedList } from '../report/step-outputs.js'
import { oneLine } from '../report/escape.js'
import { redactOutput } from '../oci/registry/index.js'
import { writeReportFile } from '../report/write-file.js'

export interface WrittenReports {
  /** Absent when the run could not start. */
  runReport?: string
  planReport?: string
}

export function writeReports(result: RunResult, dir: string): WrittenReports {
  mkdirSync(dir, { recursive: true })
  const runReport = writeReportFile(
    dir,
    'run-report.json',
    redactOutput(`${JSON.stringify(result.report, null, 2)}\n`)
  )
  if (!result.plan) return { runReport }
  // Streamed: a registry.k8s.io plan is ~500 MB of JSON.
  const plan = result.plan
  const planReport = writeReportFile(
    dir,
    'plan-report.json',
    (function* () {
      for (const chunk of planJsonChunks(plan)) yield redactOutput(chunk)
      yield '\n'
    })()
  )
  return { runReport, planReport }
}

export function setOutputs(
  report: RunReport,
  files: WrittenReports,
  plan?: RunResult['plan']
): void {
  const c = report.counts
  core.setOutput('run-report', files.runReport ?? '')
  core.setOutput('plan-report', files.planReport ?? '')
  const outputs = {
    planned: c.planned,
    'promoted-count': c.promoted,
    skipped: c.skipped,
    conflicts: c.conflicts,
    lost: c.lost,
    signed: c.signed,
    attested: c.attested
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value))
  core.setOutput('promoted', JSON.stringify(promotedList(report)))
  core.setOutput('plan', redactOutput(planOutput(plan, files.planReport)))
  // `result` is the name to use: `steps.<id>.outcome` is GitHub's own step outcome.
  core.setOutput('result', report.outcome)
  core.setOutput('outcome', report.outcome)
}

/** Annotations on manifest files, which are relative to the manifest root; GitHub wants workspace paths. */
export function annotate(report: RunReport, manifestRoot: string, workspace: string): void {
  const root = relative(workspace, manifestRoot)
  for (const a of annotationsFor(report, root)) {
    const properties = { title: a.title, file: a.file, startLine: a.line, startColumn: a.column }
    const message = oneLine(redactOutput(a.message))
    if (a.severity === 'error') core.error(message, properties)
    else core.warning(message, properties)
  }
}

export async function writeSummary(
  report: RunReport,
  runReportPath: string | undefined,
  links: ReportLinks | undefined
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const markdown = renderMarkdown(report, { jsonReportPath: runReportPath, links })
  await core.summary.addRaw(redactOutput(markdown)).write()
}
