// The Action adapter: inputs -> caches -> the pipeline -> reports, outputs, annotations, summary
// and the optional PR comment. A failed run fails the step; cache and comment problems never do.
import * as core from '@actions/core'
import * as github from '@actions/github'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { abortReason } from '../cancel.js'
import { errorMessage } from '../errors.js'
import { oneLine } from '../report/escape.js'
import { stopOnSignals } from '../stop-signals.js'
import { knownSecrets, redactDeep, redactOutput } from '../oci/registry/index.js'
import { runPromotion } from '../pipeline/run.js'
import { runSigcheck } from '../pipeline/sigcheck.js'
import { createActionsProgressRenderer } from '../promote/index.js'
import { renderMarkdown, type ReportLinks } from '../report/markdown.js'
import { startFailureReport } from '../report/run-report.js'
import { cacheKeys, cacheScope, restoreCaches, saveCaches } from './cache.js'
import { COMMENT_BUDGET, upsertStickyComment } from './comment.js'
import type { OptionValues } from '../options/table.js'
import { readActionInputs, readSettings, summaryWantedRaw, type ActionSettings } from './inputs.js'
import { annotate, setOutputs, writeReports, writeSummary } from './outputs.js'

async function comment(settings: ActionSettings, markdown: string): Promise<void> {
  const pr = github.context.payload.pull_request
  if (settings.comment === 'off' || !pr || !settings.githubToken) return
  const octokit = github.getOctokit(settings.githubToken)
  const { owner, repo } = github.context.repo
  const result = await upsertStickyComment(
    octokit,
    { owner, repo, issueNumber: pr.number as number, header: settings.commentHeader },
    markdown
  )
  core.info(`PR comment: ${result}`)
}

function manifestRoot(settings: ActionSettings): string {
  const o = settings.options
  return o.manifest
    ? dirname(resolve(settings.workspace, o.manifest))
    : resolve(settings.workspace, o.thinManifestDir ?? '.')
}

/** Where manifest lines are on GitHub: the checked-out commit of this repository. */
function reportLinks(root: string, workspace: string): ReportLinks | undefined {
  const inRepo = relative(workspace, root)
  // Manifests outside the checkout (RUNNER_TEMP) have no line on GitHub to link to.
  if (inRepo.startsWith('..') || isAbsolute(inRepo)) return undefined
  const serverUrl = process.env.GITHUB_SERVER_URL ?? 'https://github.com'
  const repository = process.env.GITHUB_REPOSITORY ?? ''
  return {
    serverUrl,
    repository,
    sha: github.context.sha ?? '',
    root: inRepo.split(sep).join('/'),
    runUrl: `${serverUrl}/${repository}/actions/runs/${github.context.runId}`
  }
}

/** Inputs that make no run possible still leave a summary and the result outputs. */
async function reportStartFailure(error: unknown, summary: boolean): Promise<void> {
  const message = redactOutput(errorMessage(error))
  const report = startFailureReport(message, new Date())
  setOutputs(report, {})
  try {
    if (summary) await writeSummary(report, undefined, undefined)
  } catch (summaryError) {
    core.warning(`job summary not written: ${oneLine(errorMessage(summaryError))}`)
  }
  core.setFailed(`image-promoter: ${message}`)
}

/** One Action run; `inputs` default to the step's inputs (tests pass their own, in process). */
export async function run(inputs?: OptionValues): Promise<void> {
  // The runner cancels a job with SIGINT then SIGTERM: stop the run's I/O, then fail the step.
  const stop = stopOnSignals()
  const signal = stop.signal
  // Every secret the run learns (inputs, Docker config, helpers, token answers) is masked by the
  // runner too; our own redaction below covers what the runner does not see (summary, comment).
  knownSecrets.onLearn((form) => core.setSecret(form))
  // Until the run has a report, a failure is an input error the summary must explain.
  let started = false
  try {
    const settings = readSettings(inputs ?? readActionInputs())
    core.info(`image-promoter: ${settings.decision.reason}`)
    const cachePaths = [settings.paths.cacheRoot]
    const keys = cacheKeys(
      cacheScope(
        settings.workspace,
        settings.options.manifest ?? settings.options.thinManifestDir ?? '.'
      ),
      String(github.context.runId),
      String(github.context.runAttempt ?? 1)
    )
    const restored = settings.cache ? await restoreCaches(cachePaths, keys) : undefined
    const pipeline = settings.command === 'sigcheck' ? runSigcheck : runPromotion
    const result = await pipeline(
      {
        ...settings.options,
        log: (line) => core.info(redactOutput(line)),
        onProgress: createActionsProgressRenderer((line) => core.info(line)),
        signal
      },
      settings.workspace
    )
    started = true
    // Secrets leave the report before anything renders it (markdown escaping would hide them).
    const report = redactDeep(result.report)
    const files = writeReports({ ...result, report }, settings.paths.reportDir)
    setOutputs(report, files, result.plan)
    core.setOutput('report-dir', settings.paths.reportDir) // upload-artifact takes it whole
    const root = manifestRoot(settings)
    if (settings.annotations) annotate(report, root, settings.workspace)
    const links = reportLinks(root, settings.workspace)
    if (settings.summary) await writeSummary(report, files.runReport, links)
    const markdown = renderMarkdown(report, {
      jsonReportPath: files.runReport,
      budget: COMMENT_BUDGET,
      links
    })
    await comment(settings, redactOutput(markdown))
    if (settings.cache && settings.decision.saveCache) await saveCaches(cachePaths, keys, restored)
    if (signal.aborted) {
      core.setFailed(
        `image-promoter: ${abortReason(signal)}: the run stopped before completion; re-run to finish`
      )
    } else if (report.outcome === 'failure') {
      const errors = report.problems.filter((p) => p.severity === 'error').length
      core.setFailed(
        `image-promoter: ${errors} problem${errors === 1 ? '' : 's'} (see the annotations and the job summary)`
      )
    }
  } catch (error) {
    if (started) core.setFailed(`image-promoter: ${redactOutput(errorMessage(error))}`)
    else await reportStartFailure(error, inputs ? inputs.summary !== false : summaryWantedRaw())
  } finally {
    stop.dispose()
  }
}
