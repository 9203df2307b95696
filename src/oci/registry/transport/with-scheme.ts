// Chooses http or https per host. Every host speaks https, except that a loopback host or one
// configured insecure that fails the TLS handshake on a one-time `GET /v2/` probe is spoken to
// in plain http. Plain-http URLs to any other host (token realms, redirects) are refused.
import { Memo } from '../../../concurrency/index.js'
import { RegistryError } from '../errors.js'
import { allowsPlainHttp, type HostConfigLookup } from '../host-config.js'
import { TransportError } from './base.js'
import { discard, type Send } from './types.js'
import { hostOf } from './url-host.js'

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
    const host = hostOf(request.url)
    const allowed = allowsPlainHttp(host, hostConfig(host))
    const protocol = protocolOf(request.url)
    if (protocol === 'http:' && !allowed) {
      throw new RegistryError(
        'INSECURE_HOST',
        'refusing plain http to a host not configured insecure',
        {
          registry: host,
          method: request.method,
          url: request.url,
          hint: `add ${host} to the insecure hosts only if it cannot serve https`
        }
      )
    }
    if (protocol === 'https:' && allowed) {
      const url = new URL(request.url)
      url.protocol = await schemeFor(url.host)
      const response = await inner({ ...request, url: url.toString() })
      return response
    }
    return inner(request)
  }
}

/** `new URL(url).protocol`, without parsing the URL when it starts with a lower-case scheme. */
function protocolOf(url: string): string {
  if (url.startsWith('https://')) return 'https:'
  if (url.startsWith('http://')) return 'http:'
  return new URL(url).protocol
}
