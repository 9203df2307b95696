// The trust phases of the pipeline: provenance and validate (read-only, before promote; a dry run
// stops after validate), then sign and attest (after promote, confirmed runs only). Blocked source
// digests stop only their own edges.
import { isCompletePolicy } from '../../trust/identity.js'
import { attestPromoted } from '../../trust/phases/attest.js'
import { verifyProvenance } from '../../trust/phases/provenance.js'
import type { OwnIdentityOptions } from '../../trust/phases/own-artifacts.js'
import { DEFAULT_PROVENANCE_MODE } from '../../trust/phases/provenance-policy.js'
import { signPromoted } from '../../trust/phases/sign.js'
import { validateSignatures } from '../../trust/phases/validate.js'
import { createTrustRootProvider, type TrustRootProvider } from '../../trust/trust-root.js'
import { createKeyedSigner } from '../../trust/signing/keyed-signer.js'
import { createKeylessSigner } from '../../trust/signing/keyless-signer.js'
import type { RunSigner } from '../../trust/signing/run-signer.js'
import { log, sourceKey, type RunContext } from '../context.js'
import { errorProblem } from '../problems.js'
import type { Phase, PhaseOutcome } from '../runner.js'
import { DEFAULT_BUILDER_ID, type TrustOptions } from '../trust-options.js'
import { checkVulnerabilityGate } from './vuln.js'
import { promotedImages, provenanceSubjects, sourceSubjects } from '../trust-subjects.js'

function block(ctx: RunContext, repository: string, digest: string, why: string): void {
  ctx.blocked.set(sourceKey(repository, digest), why)
}

function createSigner(options: TrustOptions): RunSigner {
  const witnesses = { rekorURL: options.rekorURL, tsaURL: options.tsaURL }
  const signer = options.signer!
  return signer.kind === 'keyed'
    ? createKeyedSigner({
        ...witnesses,
        privateKeyPEM: signer.privateKeyPEM,
        passphrase: signer.passphrase
      })
    : createKeylessSigner({
        ...witnesses,
        fulcioURL: signer.fulcioURL,
        getIdentityToken: signer.getIdentityToken
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

export function trustPhases(): Record<
  'provenance' | 'validate' | 'sign' | 'attest',
  Phase<RunContext>
> {
  let root: TrustRootProvider | undefined
  let signer: RunSigner | undefined
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
  const signerOf = (ctx: RunContext): RunSigner => (signer ??= createSigner(trustOf(ctx)))
  /** How sign and attest recognise the run's own earlier signatures and attestations. */
  const ownOf = (ctx: RunContext): OwnIdentityOptions => ({
    policy: trustOf(ctx).ownIdentity ?? {},
    trustRoot: trustOf(ctx).signer?.kind === 'keyless' ? rootOf(ctx) : undefined
  })
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
        isCompletePolicy(trust.identity ?? {}) || (trust.trustedKeys?.length ?? 0) > 0
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

  const signingWanted = (ctx: RunContext): boolean => {
    const trust = trustOf(ctx)
    return (trust.sign ?? true) && trust.signer !== undefined && ctx.options.confirm
  }

  const sign: Phase<RunContext> = {
    name: 'sign',
    run: async (ctx) => {
      if (!signingWanted(ctx)) return 'continue'
      const trust = trustOf(ctx)
      const images = promotedImages(ctx, trust)
      if (images.length === 0) return 'continue'
      const verdicts = await signPromoted({
        images,
        resolveStore: resolveStore(ctx),
        signer: signerOf(ctx),
        own: ownOf(ctx),
        format: trust.signatureFormat,
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
      if (!signingWanted(ctx)) return 'continue'
      const trust = trustOf(ctx)
      const images = promotedImages(ctx, trust)
      if (images.length === 0) return 'continue'
      const verdicts = await attestPromoted({
        images,
        resolveStore: resolveStore(ctx),
        signer: signerOf(ctx),
        own: ownOf(ctx),
        replicate: trust.replicateSignatures,
        builderId: trust.builderId ?? DEFAULT_BUILDER_ID,
        gitCommit:
          trust.gitCommit ?? (ctx.selection?.kind === 'changed' ? ctx.selection.head : undefined),
        workflow: trust.workflow,
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
