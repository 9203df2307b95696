// sign (after promote): once per (identity, digest) on the signing registry, index children
// included, tagless promotions included; formats legacy `.sig` and/or bundle referrers; digests
// already signed by our identity are left alone; optional replication to the other destinations.
import type { StoreResolver } from '../../oci/open.js'
import { PromoterError } from '../../errors.js'
import { KeyedLock, mapBounded } from '../../concurrency/index.js'
import { imageFailure } from '../errors.js'
import type { RunSigner } from '../signing/run-signer.js'
import { indexChildren } from './index-children.js'
import { ownArtifacts } from './own-artifacts.js'
import { replicateSignatures } from './replicate.js'
import { signDigest, type SignatureFormat } from './sign-digest.js'
import { signingTargets, type SigningTarget, type TargetOptions } from './targets.js'
import type { TrustRootProvider } from '../trust-root.js'
import { DEFAULT_TRUST_CONCURRENCY, type PhaseProgress, type PromotedImage } from './types.js'

export type SignatureFormatOption = 'legacy' | 'bundle' | 'both'

export interface SignInputs extends TargetOptions {
  images: PromotedImage[]
  resolveStore: StoreResolver
  signer: RunSigner
  /** The trusted root, to verify our own earlier signatures (keyless, or logged/timestamped). */
  trustRoot?: TrustRootProvider
  onProgress?: PhaseProgress
  /** Default 'legacy'. */
  format?: SignatureFormatOption
  /** Copy our signatures to every destination. Default false. */
  replicate?: boolean
  /** Payload annotations (cosign `-a`). */
  annotations?: Record<string, string>
  /**
   * Before signing a digest, add its staging `.sig` layers (the source repository's) to the
   * signing repository's `.sig`, as kpromo does. Default false.
   */
  copyStaging?: boolean
  /** Sign digests promoted without any tag. Default true; kpromo signs tagged promotions only. */
  tagless?: boolean
  /** One time for the run (RFC 3339). Default now. */
  now?: Date
  concurrency?: number
}

export interface SignVerdict {
  identity: string
  repository: string
  digest: string
  /** Set for a child manifest of an index. */
  index?: string
  status: 'signed' | 'already-signed' | 'failed'
  written: SignatureFormat[]
  replicatedTo: string[]
  error?: PromoterError
}

interface SignJob {
  target: SigningTarget
  digest: string
  index?: string
  /** Set when the job cannot run (its index could not be read). */
  error?: PromoterError
}

function formatsOf(option: SignatureFormatOption = 'legacy'): SignatureFormat[] {
  return option === 'both' ? ['legacy', 'bundle'] : [option]
}

async function expand(targets: SigningTarget[], inputs: SignInputs): Promise<SignJob[]> {
  const seen = new Set<string>()
  const jobs: SignJob[] = []
  const add = (job: SignJob) => {
    const key = `${job.target.identity}@${job.digest}`
    if (seen.has(key)) return
    seen.add(key)
    jobs.push(job)
  }
  // A failed index read fails that index's job (its children cannot be listed), not the run.
  const children = await mapBounded(targets, inputs.concurrency ?? DEFAULT_TRUST_CONCURRENCY, (t) =>
    indexChildren(inputs.resolveStore(t.repository), t.digest).catch((error: unknown) => {
      if (error instanceof PromoterError) return error
      throw error
    })
  )
  targets.forEach((target, i) => {
    const found = children[i]!
    add({
      target,
      digest: target.digest,
      ...(found instanceof PromoterError ? { error: found } : {})
    })
    if (Array.isArray(found))
      for (const child of found) add({ target, digest: child, index: target.digest })
  })
  return jobs
}

export async function signPromoted(inputs: SignInputs): Promise<SignVerdict[]> {
  const formats = formatsOf(inputs.format)
  const locks = new KeyedLock()
  const created = (inputs.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z')
  const own = ownArtifacts(inputs.signer, inputs.trustRoot)
  const targets = signingTargets(inputs.images, inputs).filter(
    (t) => inputs.tagless !== false || t.images.some((i) => i.tags.length > 0)
  )
  const jobs = await expand(targets, inputs)
  let done = 0
  let failed = 0
  const verdicts = await mapBounded(
    jobs,
    inputs.concurrency ?? DEFAULT_TRUST_CONCURRENCY,
    async ({ target, digest, index, error: jobError }) => {
      const base = {
        identity: target.identity,
        repository: target.repository,
        digest,
        index,
        replicatedTo: [] as string[]
      }
      try {
        if (jobError) throw jobError
        const at = inputs.resolveStore(target.repository)
        const written = await signDigest({
          at,
          digest,
          identity: target.identity,
          formats,
          signer: inputs.signer,
          own,
          locks,
          annotations: inputs.annotations,
          staging:
            inputs.copyStaging && target.images[0]?.source
              ? inputs.resolveStore(target.images[0].source)
              : undefined,
          created
        })
        if (inputs.replicate) {
          for (const replica of target.replicas) {
            await replicateSignatures(at, inputs.resolveStore(replica), digest, formats, own, locks)
            base.replicatedTo.push(replica)
          }
        }
        inputs.onProgress?.(++done, jobs.length, failed)
        return {
          ...base,
          status: written.length > 0 ? 'signed' : 'already-signed',
          written
        } satisfies SignVerdict
      } catch (thrown) {
        const error = imageFailure(thrown)
        inputs.onProgress?.(++done, jobs.length, ++failed)
        return { ...base, status: 'failed', written: [], error } satisfies SignVerdict
      }
    }
  )
  return verdicts
}
