// Repository listing through `/v2/_catalog` with `Link` pagination, filtered by a path prefix.
import type { RegistryApi } from './api.js'
import { CATALOG_SCOPE } from './auth/scopes.js'
import { RegistryError } from './errors.js'
import { nextPageUrl } from './link.js'
import { headerValue } from './transport/types.js'

const MAX_PAGE_BYTES = 32 * 1024 * 1024

/** Repositories whose name is `prefix` or starts with `prefix/` (all when no prefix). */
export async function catalog(api: RegistryApi, prefix?: string): Promise<string[]> {
  const names: string[] = []
  const seen = new Set<string>()
  let path: string | undefined = `/v2/_catalog?n=${api.config.pageSize}`
  while (path) {
    if (seen.has(api.url(path)))
      throw new RegistryError('INVALID_RESPONSE', 'catalog paginates in a loop', {
        registry: api.host
      })
    seen.add(api.url(path))
    const request = {
      method: 'GET',
      path,
      scopes: [CATALOG_SCOPE],
      buffer: true,
      maxBytes: MAX_PAGE_BYTES
    }
    const response = await api.expect(request, [200])
    let page: { repositories?: string[] | null }
    try {
      page = JSON.parse(response.bytes!.toString('utf8'))
    } catch {
      throw new RegistryError('INVALID_RESPONSE', 'catalog page is not JSON', {
        registry: api.host
      })
    }
    names.push(...(page.repositories ?? []))
    path = nextPageUrl(headerValue(response, 'link'), response.url, api.host)
  }
  const base = prefix?.replace(/\/+$/, '')
  const matching = base
    ? names.filter((name) => name === base || name.startsWith(`${base}/`))
    : names
  return [...new Set(matching)].sort()
}
