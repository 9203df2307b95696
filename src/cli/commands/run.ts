// `image-promoter run`: the whole pipeline. Without --confirm it is kpromo's dry run: plan and
// verify, then stop before any write. Prints the report as text (or JSON) and exits 0/1/2.
import { errorMessage } from '../../errors.js'
import { redactDeep } from '../../oci/registry/index.js'
import type { RunOptions } from '../../pipeline/options.js'
import { runPromotion, type RunResult } from '../../pipeline/run.js'
import {
  createActionsProgressRenderer,
  createTerminalProgressRenderer
} from '../../promote/index.js'
import type { RunReport } from '../../report/run-report.js'
import { renderText } from '../../report/text.js'
import { writeReportFile } from '../../report/write-file.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { parseRunFlags, RUN_FLAGS_HELP, runOptionsFromFlags } from '../run-args.js'

const USAGE = `usage: image-promoter run (--manifest FILE | --thin-manifest-dir DIR) [flags]

Runs the pipeline: setup, plan, provenance, validate, then with --confirm promote, sign, attest.
${RUN_FLAGS_HELP}

Exit status: 0 success or nothing to do, 1 failures (lost, conflicts, errors, failed checks), 2 usage,
130 stopped by SIGINT/SIGTERM before completion (re-run to finish).`

/** Run with options already parsed; shared by `run`, `cip` and `sigcheck` (its own pipeline). */
export async function executeRun(
  options: RunOptions,
  io: CliIo,
  output: { json: boolean; reportPath?: string },
  pipeline: (options: RunOptions, cwd: string) => Promise<RunResult> = runPromotion
): Promise<{ code: number; report?: RunReport }> {
  const progress = io.isTTY
    ? createTerminalProgressRenderer(io.stderr)
    : createActionsProgressRenderer((line) => io.stderr(`${line}\n`))
  let report: RunReport
  try {
    const result = await pipeline(
      {
        ...options,
        log: (line) => io.stderr(`${line}\n`),
        onProgress: progress,
        signal: io.signal
      },
      io.cwd
    )
    // Secrets leave the report before anything renders it (markdown escaping would hide them).
    report = redactDeep(result.report)
  } catch (error) {
    io.stderr(`image-promoter: ${errorMessage(error)}\n`)
    return { code: EXIT.usage }
  }
  const json = `${JSON.stringify(report, null, 2)}\n`
  io.stdout(output.json ? json : renderText(report))
  try {
    if (output.reportPath) writeReportFile(io.cwd, output.reportPath, json)
  } catch (error) {
    io.stderr(`image-promoter: ${errorMessage(error)}\n`)
    return { code: EXIT.failed, report }
  }
  return { code: report.outcome === 'failure' ? EXIT.failed : EXIT.ok, report }
}

async function run(args: string[], io: CliIo): Promise<number> {
  let options: RunOptions
  let flags
  try {
    flags = parseRunFlags(args, io)
    options = runOptionsFromFlags(flags, io)
  } catch (error) {
    io.stderr(`image-promoter run: ${errorMessage(error)}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  return (
    await executeRun(options, io, { json: flags.values.json, reportPath: flags.values.report })
  ).code
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run the pipeline: plan and verify, then (with --confirm) promote, sign and attest',
  usage: USAGE,
  run
}
