// sigcheck: audit our signatures and promotion attestations on the promoted digests in scope (or
// on the given references), and with --confirm repair exactly what is lacking through the sign and
// attest phases' own functions, then check again. Every image still lacking is a report error.
import { edgeInScope, resolveScope } from '../../manifest/index.js'
import { formatRepository, joinRepository, parseImageReference } from '../../oci/ref.js'
import { isCompletePolicy } from '../../trust/identity.js'
import {
  ownArtifacts,
  ownArtifactsOf,
  type OwnArtifacts
} from '../../trust/phases/own-artifacts.js'
import {
  attestationLacking,
  checkSignatures,
  findingFails,
  signatureLacking,
  type SigcheckFinding,
  type SigcheckInputs
} from '../../trust/phases/sigcheck.js'
import { RepositoryListings } from '../../trust/phases/sigcheck-listings.js'
import type { PromotedImage } from '../../trust/phases/types.js'
import { log, sourceKey, type RunContext } from '../context.js'
import { OptionsError } from '../resolve-options.js'
import type { PhaseOutcome } from '../runner.js'
import { promotedImages } from '../trust-subjects.js'
import { attestImages } from './attest.js'
import { signImages } from './sign.js'
import { storeResolver } from './trust-common.js'

/** `registry/path/image@sha256:…` (a tag alongside is kept as the image's tag). */
export function referenceImages(references: readonly string[]): PromotedImage[] {
  return references.map((text) => {
    const ref = parseImageReference(text)
    if (!ref.digest)
      throw new OptionsError(
        `sigcheck reference "${text}" has no digest`,
        'name each image as REGISTRY/PATH@sha256:<hex> (tags alone are not checked)'
      )
    const repository = formatRepository(ref.repository)
    return {
      source: repository,
      destinations: [repository],
      digest: ref.digest,
      tags: ref.tag ? [ref.tag] : [],
      positions: []
    }
  })
}

/**
 * Whose artifacts count as ours: our public key; else the identity flags; else (a repairing
 * keyless run without them) the identity in the signer's own Fulcio certificate.
 */
export function sigcheckOwnership(ctx: RunContext): OwnArtifacts {
  const trust = ctx.options.trust
  const { signer, signRoot, verifyRoot } = ctx.trustServices
  const publicKey = ctx.options.sigcheck?.publicKey
  if (publicKey)
    return ownArtifactsOf(
      { publicKey },
      trust.signWithTrustRoot ? (signRoot ?? verifyRoot) : undefined
    )
  if (isCompletePolicy(trust.identity))
    return ownArtifactsOf({ identity: trust.identity }, verifyRoot)
  if (signer) return ownArtifacts(signer, signRoot)
  throw new OptionsError(
    'sigcheck does not know whose signatures to look for',
    'pass --signing-key FILE (keyed), or --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp] (keyless)'
  )
}

/** kpromo --attestations-since: attestations are checked only for digests changed since a date. */
async function attestationFilter(
  ctx: RunContext
): Promise<((image: PromotedImage) => boolean) | undefined> {
  const since = ctx.options.sigcheck?.attestationsSince
  if (!since || !ctx.manifests) return undefined
  const selection = await resolveScope(
    { kind: 'since', since },
    { manifestRoot: ctx.manifests.root, remote: ctx.options.gitRemote }
  )
  const recent = new Set(
    (ctx.allEdges ?? [])
      .filter((e) => edgeInScope(e, selection))
      .map((e) => sourceKey(joinRepository(e.srcRegistry, e.image), e.digest))
  )
  return (image) => recent.has(sourceKey(image.source, image.digest))
}

const short = (digest: string): string => digest.slice(0, 19)

function describe(f: SigcheckFinding): string {
  if (f.error) return f.error.message
  const parts: string[] = []
  if (f.signature === 'unsigned') parts.push(`unsigned (${f.unsigned.map(short).join(', ')})`)
  if (f.signature === 'wrong-identity')
    parts.push(`signed, but not by our identity (${f.unsigned.map(short).join(', ')})`)
  if (f.signature === 'inconsistent')
    parts.push(`signature missing in ${f.signatureMissingIn.join(', ')}`)
  if (f.attestation === 'missing') parts.push('no promotion attestation by us')
  if (f.attestation === 'inconsistent')
    parts.push(`promotion attestation missing in ${f.attestationMissingIn.join(', ')}`)
  return parts.join('; ')
}

function table(found: SigcheckFinding[], after: Map<string, SigcheckFinding>): string {
  const rows = found.map((f) => {
    const now = after.get(`${f.identity}@${f.digest}`)
    const state = now ? (findingFails(now) ? 'still lacking' : 'repaired') : ''
    return `| \`${f.identity}@${short(f.digest)}\` | ${f.tags.join(', ')} | ${f.signature} | ${f.attestation} | ${state} |`
  })
  return [
    '| image | tags | signature | attestation | repair |',
    '| --- | --- | --- | --- | --- |',
    ...rows
  ].join('\n')
}

export async function sigcheckPhase(ctx: RunContext): Promise<PhaseOutcome> {
  const trust = ctx.options.trust
  const options = ctx.options.sigcheck ?? {}
  let images = options.references?.length
    ? referenceImages(options.references)
    : promotedImages(ctx, trust)
  if (options.limit !== undefined) images = images.slice(0, options.limit)
  if (images.length === 0)
    return { stop: 'nothing to promote: no promoted digest in scope to check' }
  const inputs: SigcheckInputs = {
    images,
    resolveStore: storeResolver(ctx),
    own: sigcheckOwnership(ctx),
    format: trust.signatureFormat,
    replicate: trust.replicateSignatures,
    signingRegistry: trust.signingRegistry,
    identityRewrites: trust.identityRewrites,
    checkAttestation: await attestationFilter(ctx),
    concurrency: trust.concurrency
  }
  const requestsBefore = ctx.stores.stats().requests
  const listings = new RepositoryListings()
  const found = await checkSignatures({ ...inputs, listings })
  const requests = {
    total: ctx.stores.stats().requests - requestsBefore,
    tagLists: listings.tagLists
  }
  ctx.trust.sigcheck = { found, requests }
  let final = found
  const after = new Map<string, SigcheckFinding>()
  const lacking = found.filter(findingFails)
  if (ctx.trustServices.signer && lacking.length > 0) {
    const toSign = found.filter(signatureLacking).flatMap((f) => f.images)
    const toAttest = found.filter(attestationLacking).flatMap((f) => f.images)
    if (toSign.length > 0) await signImages(ctx, toSign)
    if (toAttest.length > 0) await attestImages(ctx, toAttest)
    const again = await checkSignatures({ ...inputs, images: lacking.flatMap((f) => f.images) })
    for (const f of again) after.set(`${f.identity}@${f.digest}`, f)
    final = found.map((f) => after.get(`${f.identity}@${f.digest}`) ?? f)
    ctx.trust.sigcheck.remaining = final.filter(findingFails)
  }
  for (const f of final.filter(findingFails))
    ctx.problems.push({
      severity: 'error',
      kind: 'signature',
      message: `${f.identity}@${short(f.digest)}: ${describe(f)}`,
      digest: f.digest
    })
  const perImage = (requests.total / found.length).toFixed(1)
  const cost = `${requests.total} registry requests (${requests.tagLists} tag listings, ${perImage} per image)`
  ctx.sections.push({
    title: 'Signature check',
    markdown: `${table(found, after)}\n\nAudit: ${cost}.`
  })
  const count = (pick: (f: SigcheckFinding) => boolean) => found.filter(pick).length
  log(
    ctx,
    `sigcheck: ${found.length} images, ${count((f) => f.signature === 'signed')} signed, ${count((f) => f.signature === 'unsigned')} unsigned, ${count((f) => f.signature === 'wrong-identity')} wrong identity, ${count((f) => f.signature === 'inconsistent')} inconsistent, ${count((f) => f.attestation === 'missing')} unattested, ${count((f) => f.error !== undefined)} errors (${cost})` +
      (ctx.trust.sigcheck.remaining
        ? `; after repair ${ctx.trust.sigcheck.remaining.length} still lacking`
        : '')
  )
  return 'continue'
}
