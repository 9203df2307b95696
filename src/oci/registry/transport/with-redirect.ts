// Follows redirects of GET and HEAD (blob downloads often redirect to object storage). The new
// request is built from the caller's original headers, so Authorization added below for the
// registry never reaches another host; withAuth adds it again only for the registry host.
import { RegistryError } from '../errors.js'
import { discard, headerValue, type Send } from './types.js'

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5

export function withRedirect(inner: Send): Send {
  return async (request) => {
    let current = request
    for (let hop = 0; ; hop++) {
      const response = await inner(current)
      const location = headerValue(response, 'location')
      if (!REDIRECTS.has(response.status) || !location || !['GET', 'HEAD'].includes(request.method))
        return response
      discard(response)
      if (hop >= MAX_REDIRECTS)
        throw new RegistryError('INVALID_RESPONSE', `more than ${MAX_REDIRECTS} redirects`, {
          registry: new URL(request.url).host,
          method: request.method,
          url: request.url
        })
      const next = new URL(location, current.url)
      const sameHost = next.host === new URL(request.url).host
      const headers = { ...request.headers }
      if (!sameHost) delete headers.authorization
      current = {
        ...request,
        url: next.toString(),
        headers,
        scopes: sameHost ? request.scopes : undefined
      }
    }
  }
}
