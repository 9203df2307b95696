// The Action adapter: inputs -> caches -> the pipeline -> reports, outputs, annotations, summary
// and the optional PR comment. A failed run fails the step; cache and comment problems never do.
import * as core from '@actions/core'
import * as github from '@actions/github'
import { dirname, resolve } from 'node:path'
import { errorMessage } from '../errors.js'
import { knownSecrets, redactDeep, redactOutput } from '../oci/registry/index.js'
import { runPromotion } from '../pipeline/run.js'
import { runSigcheck } from '../pipeline/sigcheck.js'
import { createActionsProgressRenderer } from '../promote/index.js'
import { renderMarkdown } from '../report/markdown.js'
import { cacheKeys, restoreCaches, saveCaches } from './cache.js'
import { upsertStickyComment } from './comment.js'
import type { OptionValues } from '../options/table.js'
import { readActionInputs, readSettings, type ActionSettings } from './inputs.js'
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

/** One Action run; `inputs` default to the step's inputs (tests pass their own, in process). */
export async function run(inputs?: OptionValues): Promise<void> {
  // Every secret the run learns (inputs, Docker config, helpers, token answers) is masked by the
  // runner too; our own redaction below covers what the runner does not see (summary, comment).
  knownSecrets.onLearn((form) => core.setSecret(form))
  try {
    const settings = readSettings(inputs ?? readActionInputs())
    core.info(`image-promoter: ${settings.decision.reason}`)
    const cachePaths = [settings.paths.cacheRoot]
    const keys = cacheKeys(
      `${settings.options.manifest ?? settings.options.thinManifestDir}`,
      String(github.context.runId),
      String(github.context.runAttempt ?? 1)
    )
    const restored = settings.cache ? await restoreCaches(cachePaths, keys) : undefined
    const pipeline = settings.command === 'sigcheck' ? runSigcheck : runPromotion
    const result = await pipeline(
      {
        ...settings.options,
        log: (line) => core.info(redactOutput(line)),
        onProgress: createActionsProgressRenderer((line) => core.info(line))
      },
      settings.workspace
    )
    // Secrets leave the report before anything renders it (markdown escaping would hide them).
    const report = redactDeep(result.report)
    const files = writeReports({ ...result, report }, settings.paths.reportDir)
    setOutputs(report, files)
    if (settings.annotations) annotate(report, manifestRoot(settings), settings.workspace)
    if (settings.summary) await writeSummary(report, files.runReport)
    await comment(settings, redactOutput(renderMarkdown(report, files.runReport, 60_000)))
    if (settings.cache && settings.decision.saveCache) await saveCaches(cachePaths, keys, restored)
    if (report.outcome === 'failure') {
      const errors = report.problems.filter((p) => p.severity === 'error').length
      core.setFailed(
        `image-promoter: ${errors} problem${errors === 1 ? '' : 's'} (see the annotations and the job summary)`
      )
    }
  } catch (error) {
    core.setFailed(`image-promoter: ${redactOutput(errorMessage(error))}`)
  }
}
