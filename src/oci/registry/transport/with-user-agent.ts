// Sets the User-Agent on every request (registries and access logs identify the client by it).
import type { Send } from './types.js'

export const DEFAULT_USER_AGENT = `image-promoter/0.1.0 node/${process.version}`

export function withUserAgent(inner: Send, userAgent: string = DEFAULT_USER_AGENT): Send {
  return (request) =>
    inner({ ...request, headers: { ...request.headers, 'user-agent': userAgent } })
}
