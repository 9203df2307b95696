// What the staging repository holds for `pr`: digest -> tags, read as kpromo's manifest grower
// reads it. Given tags: one HEAD each (only those tags are added). A digest: every tag on it (one
// listing, then a HEAD per tag unless the listing carries digests). Neither: every tagged digest.
// `latest` is left out unless it is asked for by name, as kpromo refuses it as an anti-pattern.
import { errorMessage } from '../errors.js'
import { isDigest } from '../oci/digest.js'
import { isTag } from '../oci/ref.js'
import type { Store } from '../oci/store.js'
import { PrError } from './errors.js'

export interface StagingSelection {
  /** Only these tags (and only these tags are added). */
  tags?: readonly string[]
  /** Only this digest, with every tag it has (none: a tagless promotion). */
  digest?: string
}

export const LATEST = 'latest'

/** Digest -> tags (sorted) of `repo` in `store`, narrowed as `select` says. */
export async function readStaging(
  store: Store,
  repo: string,
  name: string,
  select: StagingSelection
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>()
  // What is added becomes manifest text: a registry's answer must be a digest, or it stops here.
  const add = (digest: string, tag?: string): void => {
    if (!isDigest(digest))
      throw new PrError(
        'STAGING_ANSWER_INVALID',
        `${name} answered ${JSON.stringify(digest.slice(0, 80))}${tag === undefined ? '' : ` for tag ${tag}`}, which is not a digest`,
        { hint: 'check the registry (or the proxy in front of it); nothing was written' }
      )
    const tags = found.get(digest) ?? []
    if (tag !== undefined && !tags.includes(tag)) tags.push(tag)
    found.set(digest, tags)
  }
  if (select.tags && select.tags.length > 0) {
    for (const tag of select.tags) {
      const head = await read(name, () => store.manifestHead(repo, tag))
      if (!head)
        throw new PrError('TAG_NOT_IN_STAGING', `tag "${tag}" is not in ${name}`, {
          hint: 'push the image to staging first, or check the tag and --source/--image'
        })
      add(head.digest, tag)
    }
    return sorted(found)
  }
  const listing = await read(name, () => store.tagList(repo))
  const tagged = listing.digests
    ? [...listing.digests].flatMap(([digest, info]) => info.tags.map((tag) => ({ tag, digest })))
    : await Promise.all(
        listing.tags.map(async (tag) => ({
          tag,
          digest: (await read(name, () => store.manifestHead(repo, tag)))?.digest
        }))
      )
  for (const { tag, digest } of tagged) {
    // A listed name that is not a tag cannot be promoted (and is never written).
    if (tag === LATEST || digest === undefined || !isTag(tag)) continue
    if (select.digest === undefined || digest === select.digest) add(digest, tag)
  }
  if (select.digest !== undefined && !found.has(select.digest)) {
    if (!(await read(name, () => store.manifestHead(repo, select.digest!))))
      throw new PrError('DIGEST_NOT_IN_STAGING', `${select.digest} is not in ${name}`, {
        hint: 'push the image to staging first, or check the digest and --source/--image'
      })
    add(select.digest)
  }
  if (found.size === 0)
    throw new PrError('NOTHING_IN_STAGING', `${name} has no tagged image (other than latest)`, {
      hint: 'push a tagged image to staging first, or name the tags with --tags'
    })
  return sorted(found)
}

async function read<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw new PrError('NOTHING_IN_STAGING', `cannot read ${name}: ${errorMessage(error)}`, {
      hint: 'check --source and --image, and the registry credentials',
      cause: error
    })
  }
}

function sorted(found: Map<string, string[]>): Map<string, string[]> {
  for (const tags of found.values()) tags.sort()
  return found
}
