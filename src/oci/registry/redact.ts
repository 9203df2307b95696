// Removes secrets from anything that may reach a log line or an error message: query strings
// (pre-signed blob URLs carry signatures there), URL user info, Authorization values and tokens.

/** A URL without user info and with every query value replaced by `REDACTED`. */
export function redactUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url.replace(/\?.*$/, '?REDACTED')
  }
  parsed.username = ''
  parsed.password = ''
  const keys = [...parsed.searchParams.keys()]
  if (keys.length === 0) return parsed.toString()
  const kept = new URLSearchParams()
  for (const key of new Set(keys))
    kept.set(key, SAFE_QUERY_KEYS.has(key) ? parsed.searchParams.get(key)! : 'REDACTED')
  parsed.search = kept.toString()
  return parsed.toString()
}

/** Query keys that carry no secret and help a person read a log (pagination, mounts, scopes). */
const SAFE_QUERY_KEYS = new Set([
  'n',
  'last',
  'mount',
  'from',
  'digest',
  'artifactType',
  'service',
  'scope'
])

const SECRET_PATTERNS: RegExp[] = [
  /(authorization:\s*)(basic|bearer)\s+\S+/gi,
  /\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{8,}/gi,
  /("(?:token|access_token|refresh_token|password|secret|identitytoken|auth)"\s*:\s*")[^"]*"/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g
]

/** Free text (a registry's error body, an exception message) with secret-looking parts removed. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('REDACTED')
  out = out.replace(SECRET_PATTERNS[0]!, '$1$2 REDACTED')
  out = out.replace(SECRET_PATTERNS[1]!, '$1 REDACTED')
  out = out.replace(SECRET_PATTERNS[2]!, '$1REDACTED"')
  out = out.replace(SECRET_PATTERNS[3]!, 'REDACTED-JWT')
  return out.replace(/https?:\/\/[^\s"'<>]+/g, (url) => redactUrl(url))
}
