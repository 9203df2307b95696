// What one tag listing per repository tells sigcheck without a request per digest: cosign keeps a
// legacy signature of `d` under the tag `sha256-<hex>.sig`, and a registry without the referrers
// API keeps `d`'s referrers (bundle signatures, attestations) under `sha256-<hex>`. A digest
// whose tag is not listed has none, so only listed ones are read and verified. Google's extended
// listing also names each digest's media type, so a digest listed as a plain manifest needs no
// read to learn it has no platform children. A listing that fails is only a lost shortcut: every
// answer is then "maybe" and the digest is read as before.
import { isIndexMediaType } from '../../oci/media-types.js'
import { fallbackTag } from '../../oci/registry/index.js'
import type { StoreRepo, TagListing } from '../../oci/store.js'
import { signatureTag } from '../cosign/constants.js'

interface Listed extends TagListing {
  tagSet: Set<string>
}

export class RepositoryListings {
  private readonly listed = new Map<string, Promise<Listed | undefined>>()
  /** One referrers request per host finds out whether it has the API (not one per digest at once). */
  private readonly probes = new Map<string, Promise<unknown>>()
  /** Listings requested (one per repository). */
  tagLists = 0

  private listing(at: StoreRepo): Promise<Listed | undefined> {
    const key = `${at.store.host}\0${at.repo}`
    let found = this.listed.get(key)
    if (!found) {
      this.tagLists++
      found = at.store.tagList(at.repo).then(
        (listing) => ({ ...listing, tagSet: new Set(listing.tags) }),
        () => undefined
      )
      this.listed.set(key, found)
    }
    return found
  }

  private async mayHaveTag(at: StoreRepo, tag: string): Promise<boolean> {
    const listing = await this.listing(at)
    if (!listing) return true
    return listing.exists && listing.tagSet.has(tag)
  }

  /** False when the listing shows no legacy signature tag for `digest`. */
  mayHaveSignatureTag(at: StoreRepo, digest: string): Promise<boolean> {
    return this.mayHaveTag(at, signatureTag(digest))
  }

  /**
   * False when `digest` can have no referrers: the store keeps them under the fallback tag only
   * (known after its first referrers request, so until then this says "maybe") and it is not listed.
   */
  async mayHaveReferrers(at: StoreRepo, digest: string): Promise<boolean> {
    if (!at.store.referrersApi) return true
    if (at.store.referrersApi() === undefined) {
      let probe = this.probes.get(at.store.host)
      if (!probe) {
        probe = at.store.referrersList(at.repo, digest).catch(() => undefined)
        this.probes.set(at.store.host, probe)
      }
      await probe
    }
    if (at.store.referrersApi() !== false) return true
    return this.mayHaveTag(at, fallbackTag(digest))
  }

  /** False when the listing names `digest` with a non-index media type, or not at all. */
  async mayBeIndex(at: StoreRepo, digest: string): Promise<boolean> {
    const listing = await this.listing(at)
    if (!listing) return true
    if (!listing.exists) return false
    if (!listing.digests) return true
    const listed = listing.digests.get(digest)
    if (!listed) return false
    return listed.mediaType === undefined || isIndexMediaType(listed.mediaType)
  }
}
