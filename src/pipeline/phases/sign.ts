// sign (after promote, runs that sign only): cosign-compatible signatures of the promoted digests
// on their signing repositories, with the run's one signer.
import { signPromoted } from '../../trust/phases/sign.js'
import type { PromotedImage } from '../../trust/phases/types.js'
import { log, type RunContext } from '../context.js'
import { errorProblem } from '../problems.js'
import type { PhaseOutcome } from '../runner.js'
import { promotedImages } from '../trust-subjects.js'
import { storeResolver, trustProgress } from './trust-common.js'

export async function signPhase(ctx: RunContext): Promise<PhaseOutcome> {
  if (!ctx.trustServices.signer) return 'continue'
  const images = promotedImages(ctx, ctx.options.trust)
  if (images.length > 0) await signImages(ctx, images)
  return 'continue'
}

/** Sign `images` with the run's signer (skipping what is ours); sigcheck's repair too. */
export async function signImages(ctx: RunContext, images: PromotedImage[]): Promise<void> {
  const { signer, signRoot } = ctx.trustServices
  if (!signer) return
  const trust = ctx.options.trust
  const verdicts = await signPromoted({
    images,
    resolveStore: storeResolver(ctx),
    signer,
    // Rekor entries and TSA timestamps on our own signatures verify against the trusted root.
    trustRoot: signRoot,
    onProgress: trustProgress(ctx, 'sign'),
    format: trust.signatureFormat,
    tagless: trust.signTagless,
    annotations: trust.signatureAnnotations,
    copyStaging: trust.copyStagingSignatures,
    replicate: trust.replicateSignatures,
    signingRegistry: trust.signingRegistry,
    identityRewrites: trust.identityRewrites,
    now: ctx.options.now(),
    concurrency: trust.concurrency
  })
  ctx.trust.signed = verdicts
  for (const v of verdicts)
    if (v.status === 'failed' && v.error)
      ctx.problems.push({ ...errorProblem('sign', v.error), digest: v.digest })
  log(
    ctx,
    `sign: ${verdicts.filter((v) => v.status === 'signed').length} signed, ${verdicts.filter((v) => v.status === 'already-signed').length} already signed, ${verdicts.filter((v) => v.status === 'failed').length} failed`
  )
}
