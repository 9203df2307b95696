// Tag listing with `Link` pagination (page size from the host config). Google's registries add
// a `manifest` map (digest -> tags, mediaType), which also lists untagged digests: kept when there.
import type { TagListing } from '../store.js'
import type { RegistryApi } from './api.js'
import { repositoryScope } from './auth/scopes.js'
import { RegistryError } from './errors.js'
import { nextPageUrl } from './link.js'
import { headerValue } from './transport/types.js'

const MAX_PAGE_BYTES = 32 * 1024 * 1024
/**
 * A tag list longer than this many pages is refused: a registry that keeps linking to new pages
 * (a hostile or broken one) must not keep a run listing forever. 256 pages of the default 1000
 * tags is far beyond any real repository; raise the host's pageSize where pages are small.
 */
export const MAX_TAG_PAGES = 256

interface TagsPage {
  tags?: string[] | null
  manifest?: Record<string, { tag?: string[]; mediaType?: string }>
}

export async function tagList(api: RegistryApi, repo: string): Promise<TagListing> {
  const tags = new Set<string>()
  let digests: TagListing['digests']
  const seen = new Set<string>()
  let path: string | undefined = `/v2/${repo}/tags/list?n=${api.config.pageSize}`
  while (path) {
    if (seen.has(api.url(path))) throw loopError(api, repo)
    if (seen.size >= MAX_TAG_PAGES) throw tooManyPagesError(api, repo)
    seen.add(api.url(path))
    const request = {
      method: 'GET',
      path,
      scopes: [repositoryScope(repo, 'pull')],
      buffer: true,
      maxBytes: MAX_PAGE_BYTES
    }
    const response = await api.send(request)
    if (response.status === 404 && seen.size === 1) return { exists: false, tags: [] }
    if (response.status !== 200) throw await api.errorFrom(request, response)
    const page = parsePage(api, repo, response.bytes!)
    for (const tag of page.tags ?? []) tags.add(tag)
    if (page.manifest) {
      digests ??= new Map()
      const manifest = page.manifest
      for (const digest of Object.keys(manifest)) {
        const entry = manifest[digest]!
        digests.set(digest, { tags: sortedTags(entry.tag), mediaType: entry.mediaType })
      }
    }
    path = nextPageUrl(headerValue(response, 'link'), response.url, api.host)
  }
  const listing: TagListing = { exists: true, tags: [...tags].sort() }
  if (digests) listing.digests = digests
  return listing
}

/**
 * A digest's tags, sorted, in an array of their own. A full k8s.io plan reads ~700,000 of these,
 * nearly all with one tag: the parsed array of one (or none) is already that, so it is kept.
 */
function sortedTags(tags: string[] | undefined): string[] {
  if (Array.isArray(tags) && tags.length <= 1) return tags
  return [...(tags ?? [])].sort()
}

function parsePage(api: RegistryApi, repo: string, bytes: Buffer): TagsPage {
  try {
    return JSON.parse(bytes.toString('utf8')) as TagsPage
  } catch {
    throw new RegistryError('INVALID_RESPONSE', `tag list of ${repo} is not JSON`, {
      registry: api.host
    })
  }
}

function tooManyPagesError(api: RegistryApi, repo: string): RegistryError {
  return new RegistryError(
    'INVALID_RESPONSE',
    `tag list of ${repo} has more than ${MAX_TAG_PAGES} pages`,
    {
      registry: api.host,
      hint: 'the registry keeps linking to new pages; if the repository really is that large, raise the page size for this host'
    }
  )
}

function loopError(api: RegistryApi, repo: string): RegistryError {
  return new RegistryError('INVALID_RESPONSE', `tag list of ${repo} paginates in a loop`, {
    registry: api.host,
    hint: 'the registry repeats a Link page; report it to the registry operator'
  })
}
