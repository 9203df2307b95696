// Parses the `Link` header of paginated listings (RFC 8288; distribution spec "Listing Tags")
// and returns the `rel="next"` target, resolved against the request URL.
import { RegistryError } from './errors.js'

/** The next page's URL, undefined on the last page. Throws on a Link it cannot read. */
export function nextPageUrl(
  link: string | undefined,
  requestUrl: string,
  registry: string
): string | undefined {
  if (!link) return undefined
  for (const part of splitLinks(link)) {
    const match = /^\s*<([^>]*)>\s*((?:;\s*[^;]*)*)$/.exec(part)
    if (!match) {
      if (/rel\s*=\s*"?next"?/i.test(part))
        throw new RegistryError(
          'INVALID_RESPONSE',
          `cannot read pagination Link header "${part.trim()}"`,
          {
            registry,
            hint: 'the registry sent a malformed Link header; report it to the registry operator'
          }
        )
      continue
    }
    const params = match[2]!
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean)
    const isNext = params.some((p) =>
      /^rel\s*=\s*"?([^"]*)"?$/i.exec(p)?.[1]?.split(/\s+/).includes('next')
    )
    if (isNext) return new URL(match[1]!, requestUrl).toString()
  }
  return undefined
}

/** Split on commas outside `<...>` and quotes. */
function splitLinks(header: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < header.length; i++) {
    const char = header[i]
    if (char === '"') quoted = !quoted
    else if (!quoted && char === '<') depth++
    else if (!quoted && char === '>') depth--
    else if (!quoted && depth === 0 && char === ',') {
      parts.push(header.slice(start, i))
      start = i + 1
    }
  }
  parts.push(header.slice(start))
  return parts.filter((p) => p.trim() !== '')
}
