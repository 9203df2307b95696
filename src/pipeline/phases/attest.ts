// attest (after promote, runs that sign only): an in-toto promotion statement per promoted digest,
// signed by the run's one signer and attached as an OCI referrer.
import { attestPromoted } from '../../trust/phases/attest.js'
import type { PromotedImage } from '../../trust/phases/types.js'
import { log, type RunContext } from '../context.js'
import { errorProblem } from '../problems.js'
import { attestationCommit } from '../resolve-trust.js'
import type { PhaseOutcome } from '../runner.js'
import { promotedImages } from '../trust-subjects.js'
import { storeResolver, trustProgress } from './trust-common.js'

export async function attestPhase(ctx: RunContext): Promise<PhaseOutcome> {
  if (!ctx.trustServices.signer) return 'continue'
  const images = promotedImages(ctx, ctx.options.trust)
  if (images.length > 0) await attestImages(ctx, images)
  return 'continue'
}

/** Attest `images` with the run's signer (skipping what is ours); sigcheck's repair too. */
export async function attestImages(ctx: RunContext, images: PromotedImage[]): Promise<void> {
  const { signer, signRoot } = ctx.trustServices
  if (!signer) return
  const trust = ctx.options.trust
  const verdicts = await attestPromoted({
    images,
    resolveStore: storeResolver(ctx),
    signer,
    trustRoot: signRoot,
    onProgress: trustProgress(ctx, 'attest'),
    replicate: trust.replicateSignatures,
    builderId: trust.builderId,
    gitCommit: attestationCommit(trust, ctx.selection),
    manifestUri: trust.manifestUri,
    manifestRoot: ctx.manifests?.root,
    repositoryRoot: trust.repositoryRoot,
    promoter: trust.promoter,
    job: trust.job,
    provenance: ctx.trust.provenance,
    summaries: trust.verificationSummaries,
    signingRegistry: trust.signingRegistry,
    identityRewrites: trust.identityRewrites,
    now: ctx.options.now(),
    concurrency: trust.concurrency
  })
  ctx.trust.attested = verdicts
  for (const v of verdicts)
    if (v.status === 'failed' && v.error)
      ctx.problems.push({ ...errorProblem('attest', v.error), digest: v.digest })
  log(
    ctx,
    `attest: ${verdicts.filter((v) => v.status === 'attested').length} attested, ${verdicts.filter((v) => v.status === 'already-attested').length} already attested`
  )
}
