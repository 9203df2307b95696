// Chooses http or https per host. Every host speaks https, except that a loopback host or one
// configured insecure that fails the TLS handshake on a one-time `GET /v2/` probe is spoken to
// in plain http. Plain-http URLs to any other host (token realms, redirects) are refused.
import { Memo } from '../../../concurrency/index.js'
import { RegistryError } from '../errors.js'
import { allowsPlainHttp, type HostConfigLookup } from '../host-config.js'
import { TransportError } from './base.js'
import { discard, type Send } from './types.js'

export function withScheme(inner: Send, hostConfig: HostConfigLookup): Send {
  // One probe per host for the run; a failed probe is not kept, so the next request probes again.
  const schemes = new Memo<'https:' | 'http:'>()

  const probe = async (host: string): Promise<'https:' | 'http:'> => {
    try {
      discard(await inner({ method: 'GET', url: `https://${host}/v2/`, noAuth: true }))
      return 'https:'
    } catch (error) {
      if (error instanceof TransportError && (error.kind === 'tls' || error.kind === 'reset'))
        return 'http:'
      throw error
    }
  }

  const schemeFor = (host: string): Promise<'https:' | 'http:'> =>
    schemes.run(host, () => probe(host))

  return async (request) => {
    const url = new URL(request.url)
    const allowed = allowsPlainHttp(url.host, hostConfig(url.host))
    if (url.protocol === 'http:' && !allowed) {
      throw new RegistryError(
        'INSECURE_HOST',
        'refusing plain http to a host not configured insecure',
        {
          registry: url.host,
          method: request.method,
          url: request.url,
          hint: `add ${url.host} to the insecure hosts only if it cannot serve https`
        }
      )
    }
    if (url.protocol === 'https:' && allowed) {
      url.protocol = await schemeFor(url.host)
      const response = await inner({ ...request, url: url.toString() })
      return response
    }
    return inner(request)
  }
}
