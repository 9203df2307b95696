// `image-promoter plan`: the pipeline's plan phase alone (manifests, diff scope, registry reads,
// never a write), printed as text or as the versioned plan JSON. Exit 1 when edges are lost,
// conflicting or unreadable (unless --allow says otherwise), 2 on usage errors.
import { errorMessage } from '../../errors.js'
import { runPromotion } from '../../pipeline/run.js'
import { emptyPlan, planJsonChunks, type Plan } from '../../plan/index.js'
import { renderPlanText } from '../../report/plan-text.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { parsePlanArgs, PLAN_USAGE } from './plan-args.js'

function print(io: CliIo, plan: Plan, json: boolean): void {
  if (!json) {
    io.stdout(renderPlanText(plan))
    return
  }
  // Streamed: the whole text of a large plan is never in memory at once.
  for (const chunk of planJsonChunks(plan)) io.stdout(chunk)
  io.stdout('\n')
}

async function run(args: string[], io: CliIo): Promise<number> {
  const options = parsePlanArgs(args, io)
  if (typeof options === 'string') {
    io.stderr(`image-promoter plan: ${options}\n\n${PLAN_USAGE}\n`)
    return EXIT.usage
  }
  try {
    const { report, plan } = await runPromotion(
      {
        manifest: options.manifest,
        thinManifestDir: options.thinManifestDir,
        scope: options.scope,
        readOnly: true,
        planOnly: true,
        tolerate: options.allow,
        registry: options.registry,
        registryMap: options.registryMap,
        cacheDir: options.cacheDir,
        cacheMaxAgeMs: options.cacheMaxAgeMs,
        checkLostDestinations: options.checkLostDestinations,
        log: (line) => io.stderr(`${line}\n`),
        signal: io.signal
      },
      io.cwd
    )
    const manifestErrors = report.problems.filter(
      (p) => p.kind === 'manifest' && p.severity === 'error'
    )
    for (const p of report.problems.filter((p) => p.kind === 'manifest')) {
      const at = p.position ? `${p.position.file}:${p.position.line}:${p.position.column}: ` : ''
      io.stderr(`${at}${p.severity === 'warning' ? 'warning: ' : ''}${p.message}\n`)
    }
    // A phase that failed (a bad --base or --since, say) is the answer, not an empty plan.
    const failures = report.problems.filter((p) => p.kind === 'config' && p.severity === 'error')
    for (const p of failures) io.stderr(`image-promoter plan: ${p.message}\n`)
    if (!plan && failures.length > 0) return EXIT.failed
    if (!plan && manifestErrors.length > 0) {
      io.stderr(
        `image-promoter plan: ${manifestErrors.length} manifest errors; run 'image-promoter validate' for details\n`
      )
      return EXIT.failed
    }
    print(io, plan ?? emptyPlan(), options.json)
    return report.outcome === 'failure' ? EXIT.failed : EXIT.ok
  } catch (error) {
    io.stderr(`image-promoter plan: ${errorMessage(error)}\n`)
    return EXIT.failed
  }
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'decide what a promotion would do with every edge (reads registries, never writes)',
  usage: PLAN_USAGE,
  run
}
