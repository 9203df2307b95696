// Removes secrets from anything that may reach a log line, an error message or an output: every
// credential value the process knows (KnownSecrets, in every encoding), query strings (pre-signed
// blob URLs carry signatures there), URL user info, Authorization values and tokens.

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
  let out = knownSecrets.redact(text)
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('REDACTED')
  out = out.replace(SECRET_PATTERNS[0]!, '$1$2 REDACTED')
  out = out.replace(SECRET_PATTERNS[1]!, '$1 REDACTED')
  out = out.replace(SECRET_PATTERNS[2]!, '$1REDACTED"')
  out = out.replace(SECRET_PATTERNS[3]!, 'REDACTED-JWT')
  return out.replace(/https?:\/\/[^\s"'<>]+/g, (url) => redactUrl(url))
}

/** Shortest value learned as a secret: shorter ones would redact ordinary words. */
const MIN_SECRET_LENGTH = 6
/**
 * Shortest middle of an unaligned base64 run that is matched: shorter ones could turn up by
 * chance in other text (a 12-character run of only hex digits has odds of about 1 in 16 million).
 */
const MIN_CORE_LENGTH = 12

/** The middle of `base64(prefix + value)` for each of the 3 alignments: found inside longer base64. */
function base64Cores(value: Buffer, encoding: 'base64' | 'base64url'): string[] {
  const cores: string[] = []
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), value]).toString(encoding)
    // Characters whose 6 bits come only from `value`: after the padding bytes, before the tail.
    const start = Math.ceil((8 * k) / 6)
    const end = Math.floor((8 * (k + value.length)) / 6)
    cores.push(encoded.slice(start, end))
  }
  return cores.filter((core) => core.length >= MIN_CORE_LENGTH)
}

/** Every form in which `secret` (and `user:secret`) could come back: raw, URL, JSON, base64. */
export function secretForms(secret: string, username?: string): string[] {
  const raw = [secret]
  if (username) raw.push(`${username}:${secret}`)
  const forms = new Set<string>()
  for (const value of raw) {
    const bytes = Buffer.from(value, 'utf8')
    forms.add(value)
    forms.add(encodeURIComponent(value))
    forms.add(JSON.stringify(value).slice(1, -1))
    forms.add(bytes.toString('base64'))
    forms.add(bytes.toString('base64url'))
    for (const encoding of ['base64', 'base64url'] as const)
      for (const core of base64Cores(bytes, encoding)) forms.add(core)
  }
  return [...forms]
}

/**
 * Every credential value this process has learned (registry passwords and tokens, Docker config
 * and helper answers, token-server answers, the GitHub token, the signing identity token), kept
 * in each encoding it could be echoed back in. One per process: secrets are process-wide facts.
 */
export class KnownSecrets {
  private readonly forms = new Set<string>()
  private sorted: string[] = []
  private readonly listeners: Array<(form: string) => void> = []

  /** Remember `secret` (and `username:secret` when a user name goes with it). */
  add(secret: string | undefined, username?: string): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return
    let added = false
    for (const form of secretForms(secret, username)) {
      if (this.forms.has(form)) continue
      this.forms.add(form)
      added = true
      for (const listener of this.listeners) listener(form)
    }
    // Longest first, so a secret inside a longer known form is not cut half-way.
    if (added) this.sorted = [...this.forms].sort((a, b) => b.length - a.length)
  }

  /** Called with every form learned from now on, and every one learned so far (core.setSecret). */
  onLearn(listener: (form: string) => void): void {
    this.listeners.push(listener)
    for (const form of this.forms) listener(form)
  }

  /** `text` with every known form replaced by REDACTED. */
  redact(text: string): string {
    let out = text
    for (const form of this.sorted) if (out.includes(form)) out = out.split(form).join('REDACTED')
    return out
  }

  get size(): number {
    return this.forms.size
  }
}

/** The process's one registry of secrets; credential sources and token answers feed it. */
export const knownSecrets = new KnownSecrets()

/**
 * What an output channel (stdout, stderr, report files, summary, comment, annotations) may show:
 * known secrets in any encoding removed, then Authorization values and bearer JWTs.
 */
export function redactOutput(text: string): string {
  // Not the loose `Basic <word>` pattern of redactText: prose such as "basic authentication" in
  // a hint must survive; our own credentials are known values and go by the first step.
  return knownSecrets
    .redact(text)
    .replace(SECRET_PATTERNS[0]!, '$1$2 REDACTED')
    .replace(SECRET_PATTERNS[3]!, 'REDACTED-JWT')
}

/** A copy of plain data (a report) with every string passed through redactOutput. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactOutput(value) as T
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[redactOutput(key)] = redactDeep(item)
    return out as T
  }
  return value
}
