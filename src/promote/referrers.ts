// copy-referrers: what is attached to a source digest follows it to the destination. OCI
// referrers (subject = digest) are pushed with referrerPut so registries without the referrers
// API get their fallback index; cosign's `sha256-<hex>.sig|.att|.sbom` tags are copied as tags.
// One level only: referrers of referrers, and referrers of index children, are not followed.
import { digestHex } from '../oci/digest.js'
import type { Descriptor, StoreRepo } from '../oci/store.js'
import { copyBlob } from './blob-copy.js'
import { checkStopped, repoKey, type CopyContext } from './context.js'
import { completeContent, copyContent, readSourceManifest } from './content-copy.js'
import { mapBounded } from '../concurrency/index.js'
import { parseManifestContent } from './manifest-content.js'
import { readTag, writeTag } from './tags.js'
import type { CopyCounters, ReferrerOutcome, TagOutcome } from './types.js'

/** Suffixes of cosign's tag-based attachments. */
export const COSIGN_TAG_SUFFIXES = ['sig', 'att', 'sbom'] as const

/** Copy what is attached to `digest`, once per (destination repository, digest) per run. */
export async function copyReferrers(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string
): Promise<ReferrerOutcome> {
  const outcome = context.referrerCopies.run(repoKey(destination, 'referrers', digest), () =>
    copyAttached(context, counters, source, destination, digest)
  )
  return outcome
}

async function copyAttached(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string
): Promise<ReferrerOutcome> {
  const [copied, tags] = await Promise.all([
    copyOciReferrers(context, counters, source, destination, digest),
    copyCosignTags(context, counters, source, destination, digest)
  ])
  return { copied, tags }
}

async function copyOciReferrers(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string
): Promise<string[]> {
  const [wanted, present] = await Promise.all([
    source.store.referrersList(source.repo, digest),
    destination.store.referrersList(destination.repo, digest)
  ])
  const have = new Set(present.map((d) => d.digest))
  const missing = wanted.filter((d) => !have.has(d.digest))
  await mapBounded(missing, context.options.childConcurrency, (referrer) =>
    copyOneReferrer(context, counters, source, destination, referrer)
  )
  return missing.map((d) => d.digest)
}

async function copyOneReferrer(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  referrer: Descriptor
): Promise<void> {
  const manifest = await readSourceManifest(context, source, referrer.digest)
  const content = parseManifestContent(manifest, `${source.repo}@${referrer.digest}`)
  if (content.kind === 'index') {
    await mapBounded(content.children, context.options.childConcurrency, (child) =>
      copyContent(context, counters, source, destination, child.digest)
    )
  } else {
    await mapBounded(content.blobs, content.blobs.length || 1, (blob) =>
      copyBlob(context, counters, source, destination, blob)
    )
  }
  checkStopped(context)
  await destination.store.referrerPut(destination.repo, {
    mediaType: manifest.mediaType,
    bytes: manifest.bytes
  })
  counters.manifestsPut++
}

async function copyCosignTags(
  context: CopyContext,
  counters: CopyCounters,
  source: StoreRepo,
  destination: StoreRepo,
  digest: string
): Promise<TagOutcome[]> {
  const tags = COSIGN_TAG_SUFFIXES.map((suffix) => `sha256-${digestHex(digest)}.${suffix}`)
  const lookups = await Promise.all(
    tags.map(async (tag) => ({ tag, found: await source.store.manifestHead(source.repo, tag) }))
  )
  const attached = lookups.filter((l): l is { tag: string; found: Descriptor } => !!l.found)
  return mapBounded(attached, attached.length || 1, async ({ tag, found }) => {
    const current = await readTag(destination, tag, found.digest)
    if (current !== undefined) return current
    const state = await copyContent(context, counters, source, destination, found.digest)
    if (state === 'exists')
      await completeContent(context, counters, source, destination, found.digest)
    return writeTag(context, counters, source, destination, found.digest, tag, state === 'copied')
  })
}
