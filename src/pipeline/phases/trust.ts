// The trust phases of the pipeline: provenance and validate (read-only, before promote; a dry run
// stops after validate), then sign and attest (after promote, confirmed runs only). Blocked source
// digests stop only their own edges.
import { isCompletePolicy, trustPolicyProblem } from '../../trust/identity.js'
import { attestPromoted } from '../../trust/phases/attest.js'
import { verifyProvenance } from '../../trust/phases/provenance.js'
import { DEFAULT_PROVENANCE_MODE } from '../../trust/phases/provenance-policy.js'
import { signPromoted } from '../../trust/phases/sign.js'
import type { PhaseProgress } from '../../trust/phases/types.js'
import { validateSignatures } from '../../trust/phases/validate.js'
import { createTrustRootProvider, type TrustRootProvider } from '../../trust/trust-root.js'
import type { RunSigner } from '../../trust/signing/run-signer.js'
import { log, sourceKey, type RunContext } from '../context.js'
import { errorProblem } from '../problems.js'
import type { Phase, PhaseOutcome } from '../runner.js'
import { signsThisRun } from '../signer.js'
import { DEFAULT_BUILDER_ID, type TrustOptions } from '../trust-options.js'
import { checkVulnerabilityGate } from './vuln.js'
import { promotedImages, provenanceSubjects, sourceSubjects } from '../trust-subjects.js'

function block(ctx: RunContext, repository: string, digest: string, why: string): void {
  ctx.blocked.set(sourceKey(repository, digest), why)
}

/** Sign/attest progress through the renderer promote reports to (terminal bar or log lines). */
function progress(ctx: RunContext, task: 'sign' | 'attest'): PhaseProgress | undefined {
  const report = ctx.options.onProgress
  if (!report) return undefined
  const started = performance.now()
  return (done, total, failed) =>
    report({
      task,
      edgesTotal: total,
      edgesDone: done,
      edgesFailed: failed,
      bytesDone: 0,
      bytesPlanned: 0,
      mounts: 0,
      elapsedMs: performance.now() - started
    })
}

function dryRunStop(ctx: RunContext): PhaseOutcome {
  if (ctx.options.confirm) return 'continue'
  return {
    stop: ctx.options.readOnly
      ? 'read-only check: stopped before promote'
      : 'dry run: stopped before promote (pass --confirm to promote)'
  }
}

/** `signer`: the run's signer, built and checked before the pipeline (unset = no signing). */
export function trustPhases(
  signer?: RunSigner
): Record<'provenance' | 'validate' | 'sign' | 'attest', Phase<RunContext>> {
  let root: TrustRootProvider | undefined
  const trustOf = (ctx: RunContext): TrustOptions => ctx.options.trust ?? {}
  const rootOf = (ctx: RunContext): TrustRootProvider =>
    (root ??= createTrustRootProvider(trustOf(ctx).trustRoot ?? {}))
  /**
   * The trusted root for verifying staging artifacts. A run that trusts only keys (no certificate
   * identity, no trusted-root or TUF option) verifies key-signed artifacts alone and never fetches it.
   */
  const verifyRootOf = (ctx: RunContext): TrustRootProvider | undefined => {
    const trust = trustOf(ctx)
    const keyOnly =
      (trust.trustedKeys?.length ?? 0) > 0 &&
      !isCompletePolicy(trust.identity ?? {}) &&
      !trust.trustRoot?.trustedRootPath &&
      !trust.trustRoot?.tufMirrorURL
    return keyOnly ? undefined : rootOf(ctx)
  }
  const resolveStore = (ctx: RunContext) => (name: string) => ctx.stores.resolve(name)

  const provenance: Phase<RunContext> = {
    name: 'provenance',
    run: async (ctx) => {
      const trust = trustOf(ctx)
      const policy = trust.provenance ?? { mode: DEFAULT_PROVENANCE_MODE }
      // Manifest `provenance:` blocks override the run-wide mode, so even `off` is per digest.
      const subjects = provenanceSubjects(ctx, policy.mode)
      if (subjects.length === 0) return 'continue'
      const verdicts = await verifyProvenance({
        subjects,
        resolveStore: resolveStore(ctx),
        policy,
        identity: trust.identity ?? {},
        trustRoot: verifyRootOf(ctx),
        trustedKeys: trust.trustedKeys,
        concurrency: trust.concurrency
      })
      ctx.trust.provenance = verdicts
      for (const v of verdicts) {
        if (v.blocking) {
          block(ctx, v.repository, v.digest, v.message)
          if (v.error)
            ctx.problems.push({ ...errorProblem('provenance', v.error), digest: v.digest })
        } else {
          for (const w of v.warnings)
            ctx.problems.push({
              severity: 'warning',
              kind: 'provenance',
              message: w,
              position: v.positions[0],
              digest: v.digest
            })
        }
      }
      log(
        ctx,
        `provenance: ${verdicts.filter((v) => v.status === 'verified').length} verified, ${verdicts.filter((v) => v.blocking).length} blocked of ${verdicts.length}`
      )
      return 'continue'
    }
  }

  const validate: Phase<RunContext> = {
    name: 'validate',
    run: async (ctx) => {
      const trust = trustOf(ctx)
      const configured =
        trustPolicyProblem({ identity: trust.identity, keys: trust.trustedKeys }) === undefined
      const subjects = sourceSubjects(ctx)
      if ((trust.validateSignatures ?? configured) && configured && subjects.length > 0) {
        const verdicts = await validateSignatures({
          subjects,
          resolveStore: resolveStore(ctx),
          policy: trust.identity ?? {},
          trustRoot: verifyRootOf(ctx),
          trustedKeys: trust.trustedKeys,
          concurrency: trust.concurrency
        })
        ctx.trust.signatures = verdicts
        for (const v of verdicts) {
          for (const message of v.warnings ?? [])
            ctx.problems.push({
              severity: 'warning',
              kind: 'signature',
              message,
              position: v.positions[0],
              digest: v.digest
            })
          if (v.status !== 'failed') continue
          block(ctx, v.repository, v.digest, v.message)
          ctx.problems.push(
            v.error
              ? { ...errorProblem('signature', v.error), digest: v.digest }
              : {
                  severity: 'error',
                  kind: 'signature',
                  message: v.message,
                  position: v.positions[0],
                  digest: v.digest
                }
          )
        }
        log(
          ctx,
          `validate: ${verdicts.filter((v) => v.status === 'verified').length} signed and verified, ${verdicts.filter((v) => v.status === 'unsigned').length} unsigned, ${verdicts.filter((v) => v.status === 'failed').length} failed`
        )
      } else if (subjects.length > 0) {
        log(
          ctx,
          'validate: staging signatures not checked (no certificate identity/issuer or key configured)'
        )
      }
      await checkVulnerabilityGate(ctx, () => verifyRootOf(ctx))
      return dryRunStop(ctx)
    }
  }

  const signingWanted = (ctx: RunContext): boolean =>
    signsThisRun(trustOf(ctx), ctx.options.confirm)

  const sign: Phase<RunContext> = {
    name: 'sign',
    run: async (ctx) => {
      if (!signer || !signingWanted(ctx)) return 'continue'
      const trust = trustOf(ctx)
      const images = promotedImages(ctx, trust)
      if (images.length === 0) return 'continue'
      const verdicts = await signPromoted({
        images,
        resolveStore: resolveStore(ctx),
        signer,
        // Rekor entries and TSA timestamps on our own signatures verify against the trusted root.
        trustRoot:
          signer.kind === 'keyless' || trust.rekorURL || trust.tsaURL ? rootOf(ctx) : undefined,
        onProgress: progress(ctx, 'sign'),
        format: trust.signatureFormat,
        tagless: trust.signTagless,
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
      return 'continue'
    }
  }

  const attest: Phase<RunContext> = {
    name: 'attest',
    run: async (ctx) => {
      if (!signer || !signingWanted(ctx)) return 'continue'
      const trust = trustOf(ctx)
      const images = promotedImages(ctx, trust)
      if (images.length === 0) return 'continue'
      const verdicts = await attestPromoted({
        images,
        resolveStore: resolveStore(ctx),
        signer,
        trustRoot:
          signer.kind === 'keyless' || trust.rekorURL || trust.tsaURL ? rootOf(ctx) : undefined,
        onProgress: progress(ctx, 'attest'),
        replicate: trust.replicateSignatures,
        builderId: trust.builderId ?? DEFAULT_BUILDER_ID,
        gitCommit:
          trust.gitCommit ?? (ctx.selection?.kind === 'changed' ? ctx.selection.head : undefined),
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
      return 'continue'
    }
  }

  return { provenance, validate, sign, attest }
}
