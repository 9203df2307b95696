// attest (after sign): one in-toto promotion statement per (identity, digest), tagless included,
// signed as a DSSE bundle and attached to the promoted digest as a referrer. A digest that already
// carries a promotion attestation by us is not attested again (one by another signer does not
// count); check-and-write is serialised per digest. Optionally our attestations are copied to the
// other destinations.
import type { StoreResolver } from '../../oci/open.js'
import { PromoterError } from '../../errors.js'
import { KeyedLock, mapBounded } from '../../concurrency/index.js'
import { attachBundle } from '../oci/bundle-referrers.js'
import { storeLocation } from '../oci/store-io.js'
import type { RunSigner } from '../signing/run-signer.js'
import { signStatement } from '../signing/sign-payloads.js'
import {
  buildPromotionStatement,
  PROMOTION_PREDICATE_TYPE,
  type PromotionRecord
} from '../statement.js'
import type { TrustRootProvider } from '../trust-root.js'
import { ownArtifacts, type OwnArtifacts } from './own-artifacts.js'
import { replicateAttestations } from './replicate.js'
import { signingTargets, type SigningTarget, type TargetOptions } from './targets.js'
import { DEFAULT_TRUST_CONCURRENCY, type PhaseProgress, type PromotedImage } from './types.js'

export interface AttestInputs extends TargetOptions {
  images: PromotedImage[]
  resolveStore: StoreResolver
  signer: RunSigner
  /** The trusted root, to verify our own earlier keyless attestations. */
  trustRoot?: TrustRootProvider
  /** Copy our attestations to every destination. Default false. */
  replicate?: boolean
  /** e.g. `https://k8s.io/promo-tools@v4.6.0` or `https://github.com/<owner>/image-promoter@v1`. */
  builderId: string
  /** One time for the run. Default now. */
  now?: Date
  gitCommit?: string
  /** The Actions run, when in Actions. */
  workflow?: PromotionRecord['workflow']
  concurrency?: number
  onProgress?: PhaseProgress
}

export interface AttestVerdict {
  identity: string
  repository: string
  digest: string
  status: 'attested' | 'already-attested' | 'failed'
  /** Our referrer manifest: written now, or found. */
  referrer?: string
  /** Destinations our attestations were copied to. */
  replicatedTo: string[]
  error?: PromoterError
}

function record(target: SigningTarget, inputs: AttestInputs, timestamp: string): PromotionRecord {
  const tags = [...new Set(target.images.flatMap((i) => i.tags))].sort()
  const manifestFile = target.images.find((i) => i.manifestFile)?.manifestFile
  return {
    srcRef: `${target.images[0]!.source}@${target.digest}`,
    dstRef: `${target.identity}@${target.digest}`,
    digest: target.digest,
    timestamp,
    builderId: inputs.builderId,
    tags,
    ...(manifestFile ? { manifestFile } : {}),
    ...(inputs.gitCommit ? { gitCommit: inputs.gitCommit } : {}),
    ...(inputs.workflow ? { workflow: inputs.workflow } : {})
  }
}

async function attestTarget(
  target: SigningTarget,
  inputs: AttestInputs,
  own: OwnArtifacts,
  timestamp: string
): Promise<Pick<AttestVerdict, 'status' | 'referrer'>> {
  const at = inputs.resolveStore(target.repository)
  const [found] = await own.attestations(at, target.digest)
  if (found) return { status: 'already-attested', referrer: found }
  const statement = buildPromotionStatement(
    `${target.identity}@${target.digest}`,
    record(target, inputs, timestamp)
  )
  const bundle = await signStatement(inputs.signer, statement)
  const written = await attachBundle(at, target.digest, {
    bundle: Buffer.from(JSON.stringify(bundle)),
    content: 'dsse-envelope',
    predicateType: PROMOTION_PREDICATE_TYPE,
    created: timestamp
  })
  return { status: 'attested', referrer: written.digest }
}

export async function attestPromoted(inputs: AttestInputs): Promise<AttestVerdict[]> {
  const timestamp = (inputs.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z')
  const locks = new KeyedLock()
  const own = ownArtifacts(inputs.signer, inputs.trustRoot)
  const targets = signingTargets(inputs.images, inputs)
  let done = 0
  let failed = 0
  return mapBounded(targets, inputs.concurrency ?? DEFAULT_TRUST_CONCURRENCY, async (target) => {
    const base = {
      identity: target.identity,
      repository: target.repository,
      digest: target.digest,
      replicatedTo: [] as string[]
    }
    try {
      const at = inputs.resolveStore(target.repository)
      const verdict = await locks.run(`${storeLocation(at.store, at.repo)}@${target.digest}`, () =>
        attestTarget(target, inputs, own, timestamp)
      )
      if (inputs.replicate) {
        for (const replica of target.replicas) {
          await replicateAttestations(at, inputs.resolveStore(replica), target.digest, own)
          base.replicatedTo.push(replica)
        }
      }
      inputs.onProgress?.(++done, targets.length, failed)
      return { ...base, ...verdict } satisfies AttestVerdict
    } catch (error) {
      if (!(error instanceof PromoterError)) throw error
      if (error.code === 'IDENTITY_TOKEN_UNAVAILABLE') throw error
      inputs.onProgress?.(++done, targets.length, ++failed)
      return { ...base, status: 'failed', error } satisfies AttestVerdict
    }
  })
}
