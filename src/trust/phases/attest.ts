// attest (after sign): one in-toto promotion statement per (identity, digest), tagless included,
// signed as a DSSE bundle and attached to the promoted digest as a referrer. A digest that already
// carries a promotion attestation by us is not attested again (one by another signer does not
// count); check-and-write is serialised per digest. Optionally our attestations are copied to the
// other destinations.
import type { StoreResolver } from '../../oci/open.js'
import { join, relative } from 'node:path'
import { PromoterError } from '../../errors.js'
import { KeyedLock, mapBounded } from '../../concurrency/index.js'
import { attachBundle } from '../oci/bundle-referrers.js'
import { storeLocation } from '../oci/store-io.js'
import type { RunSigner } from '../signing/run-signer.js'
import { signStatement } from '../signing/sign-payloads.js'
import {
  buildPromotionStatement,
  type PromoterInfo,
  type PromotionJob,
  type PromotionRecord,
  type Statement
} from '../statement.js'
import { buildVerificationSummary, SLSA_VSA_V1 } from '../summary.js'
import { carryAttestations } from './carry.js'
import type { ProvenanceVerdict } from './provenance.js'
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
  /** The manifest repository's checked-out commit. */
  gitCommit?: string
  /** The manifest repository, `git+https://…` (kpromo: its origin remote). */
  manifestUri?: string
  /** Absolute manifest root and repository root: the record names the file relative to the latter. */
  manifestRoot?: string
  repositoryRoot?: string
  promoter?: PromoterInfo
  /** The Prow job or Actions run. */
  job?: PromotionJob
  /** The provenance phase's verdicts: their accepted staging attestations are carried (kpromo v4.6). */
  provenance?: readonly ProvenanceVerdict[]
  /**
   * Write a verification summary (SLSA VSA) of those verdicts next to each promotion record
   * (kpromo's --verification-summaries). Needs the manifest's repository and commit, as in kpromo.
   */
  summaries?: boolean
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
  /** The verification summary, when asked for. */
  summary?: 'written' | 'already-written' | 'skipped'
  /** Accepted staging attestations copied to the signing repository now (referrer digests). */
  carried?: string[]
  error?: PromoterError
}

/** kpromo v4.6's record for one target (docs/promotion-predicate.md). */
function record(target: SigningTarget, inputs: AttestInputs, timestamp: string): PromotionRecord {
  const tags = [...new Set(target.images.flatMap((i) => i.tags))].sort()
  const source = target.images[0]!.source
  const sha256 = target.digest.slice('sha256:'.length)
  const manifest = manifestOf(target, inputs)
  const promoter = Object.keys(inputs.promoter ?? {}).length ? inputs.promoter : undefined
  return {
    srcRef: `${source}@${target.digest}`,
    dstRef: target.identity,
    digest: target.digest,
    timestamp,
    builderId: inputs.builderId,
    ...(tags.length > 0 && { tags }),
    source: { name: source, digest: { sha256 } },
    destination: { name: target.identity, digest: { sha256 } },
    ...(manifest && { manifest }),
    ...(promoter && { promoter }),
    ...(inputs.job && Object.keys(inputs.job).length > 0 && { job: inputs.job })
  }
}

/** The manifest listing the digest: its path from the repository root when known, else as given. */
function manifestOf(target: SigningTarget, inputs: AttestInputs): PromotionRecord['manifest'] {
  const file = target.images.find((i) => i.manifestFile)?.manifestFile
  if (!file) return undefined
  const { manifestRoot, repositoryRoot, manifestUri, gitCommit } = inputs
  const inRepository = manifestRoot && repositoryRoot
  const name = inRepository ? relative(repositoryRoot, join(manifestRoot, file)) : file
  if (!inRepository) return { name }
  return {
    name,
    ...(manifestUri && { uri: manifestUri }),
    ...(gitCommit && { digest: { gitCommit } })
  }
}

async function attestTarget(
  target: SigningTarget,
  inputs: AttestInputs,
  own: OwnArtifacts,
  timestamp: string
): Promise<Pick<AttestVerdict, 'status' | 'referrer' | 'summary' | 'carried'>> {
  const at = inputs.resolveStore(target.repository)
  const carried = await carryAttestations(target, inputs.provenance ?? [], inputs.resolveStore)
  const summary = inputs.summaries ? await summarize(target, inputs, own, timestamp) : undefined
  const extra = { ...(summary && { summary }), ...(carried.length > 0 && { carried }) }
  const [found] = await own.attestations(at, target.digest)
  if (found) return { status: 'already-attested', referrer: found, ...extra }
  const statement = buildPromotionStatement(target.identity, record(target, inputs, timestamp))
  const written = await attach(target, inputs, statement, timestamp)
  return { status: 'attested', referrer: written, ...extra }
}

async function attach(
  target: SigningTarget,
  inputs: AttestInputs,
  statement: Statement,
  timestamp: string
): Promise<string> {
  const bundle = await signStatement(inputs.signer, statement)
  const written = await attachBundle(inputs.resolveStore(target.repository), target.digest, {
    bundle: Buffer.from(JSON.stringify(bundle)),
    content: 'dsse-envelope',
    predicateType: statement.predicateType,
    created: timestamp
  })
  return written.digest
}

/** kpromo: a digest keeps the summary of its first promotion; none without a manifest commit. */
async function summarize(
  target: SigningTarget,
  inputs: AttestInputs,
  own: OwnArtifacts,
  timestamp: string
): Promise<AttestVerdict['summary']> {
  const manifest = manifestOf(target, inputs)
  if (!inputs.manifestUri || !manifest?.digest) return 'skipped'
  const at = inputs.resolveStore(target.repository)
  if ((await own.attestations(at, target.digest, SLSA_VSA_V1)).length > 0) return 'already-written'
  const sources = new Set(target.images.map((i) => `${i.source}@${target.digest}`))
  const statement = buildVerificationSummary({
    identity: target.identity,
    digest: target.digest,
    timestamp,
    policy: { uri: `${inputs.manifestUri}#${manifest.name}`, digest: manifest.digest },
    verdicts: (inputs.provenance ?? []).filter((v) => sources.has(`${v.repository}@${v.digest}`)),
    version: inputs.promoter?.version
  })
  await attach(target, inputs, statement, timestamp)
  return 'written'
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
