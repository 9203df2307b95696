// Small, pure parsers for action input strings (lists, durations, credentials), each with an
// error that names the input.

export class InputError extends Error {
  constructor(input: string, message: string) {
    super(`input ${input}: ${message}`)
  }
}

/** Newline- or comma-separated values, trimmed, `#` comments and blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.replace(/#.*$/, '').trim())
    .filter((s) => s !== '')
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `6h`, `30m`, `90s`, `2d`, or a number of seconds; `0` disables. */
export function parseDuration(input: string, text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim())
  if (!match)
    throw new InputError(input, `expected a duration such as 6h, 30m or 3600, got "${text}"`)
  return Number(match[1]) * UNITS[match[2] || 's']!
}

export function parseChoice<T extends string>(
  input: string,
  text: string,
  allowed: readonly T[]
): T {
  if (!allowed.includes(text as T))
    throw new InputError(input, `expected one of ${allowed.join(', ')}, got "${text}"`)
  return text as T
}

export function parseWhole(input: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new InputError(input, `expected a whole number >= 1, got "${text}"`)
  return Number(text)
}

export interface HostCredential {
  username?: string
  password?: string
  token?: string
}

/** `registry-auth`: JSON or YAML mapping host -> {username, password} | {token}. */
export function parseRegistryAuth(
  text: string,
  parseYaml: (t: string) => unknown
): Record<string, HostCredential> {
  if (text.trim() === '') return {}
  let data: unknown
  try {
    data = parseYaml(text)
  } catch {
    throw new InputError(
      'registry-auth',
      'is not valid YAML or JSON (expected host: {username, password} or host: {token})'
    )
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError('registry-auth', 'expected a mapping of registry host to credentials')
  }
  const out: Record<string, HostCredential> = {}
  for (const [host, value] of Object.entries(data as Record<string, unknown>)) {
    const v = value as Record<string, unknown> | null
    const ok =
      v !== null && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string')
    if (!ok || !(('username' in v && 'password' in v) || 'token' in v)) {
      throw new InputError(
        'registry-auth',
        `credentials for ${host} must be {username, password} or {token} strings`
      )
    }
    out[host] = v as HostCredential
  }
  return out
}
