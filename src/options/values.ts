// Pure parsers for option values, shared by every surface (Action input, CLI flag). Each throws
// an OptionValueError whose text says what was expected; the adapter prefixes the input or flag.
import { createPublicKey, type KeyObject } from 'node:crypto'

export class OptionValueError extends Error {}

/**
 * Newline- or comma-separated values, trimmed, blanks and `#` comments dropped (a comment starts
 * a line or follows a space, so a URL's `#fragment` stays).
 */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.replace(/(^|\s)#.*$/, '').trim())
    .filter((s) => s !== '')
}

export function choice<T extends string>(allowed: readonly T[]): (text: string) => T {
  return (text) => {
    const value = text.trim() as T
    if (!allowed.includes(value))
      throw new OptionValueError(`expected one of ${allowed.join(', ')}, got "${text}"`)
    return value
  }
}

/** `true`/`false` in any case (the YAML 1.2 core booleans, as @actions/core), `yes`/`no`, `1`/`0`. */
export function parseBoolean(text: string): boolean {
  const v = text.trim().toLowerCase()
  if (v === 'true' || v === 'yes' || v === '1') return true
  if (v === 'false' || v === 'no' || v === '0') return false
  throw new OptionValueError(`expected true or false, got "${text}"`)
}

export function parseWhole(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new OptionValueError(`expected a whole number >= 1, got "${text}"`)
  return Number(text)
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * One duration syntax everywhere: `6h`, `30m`, `90s`, `2d`, or plain whole seconds. Returns
 * milliseconds; below `minMs` (e.g. 0 where 0 makes no sense) is refused.
 */
export function duration(minMs = 0): (text: string) => number {
  return (text) => {
    const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim())
    const ms = match ? Number(match[1]) * UNIT_MS[match[2] || 's']! : NaN
    if (!match || ms < minMs) {
      const least = minMs > 0 ? ` of at least ${minMs / 1000}s` : ''
      throw new OptionValueError(
        `expected a duration${least} such as 6h, 30m, 90s or 3600 (seconds), got "${text}"`
      )
    }
    return ms
  }
}

/** `KEY=VALUE` with a non-empty key (cosign `-a`; the value may be empty). */
export function parseAnnotation(spec: string): { key: string; value: string } {
  const eq = spec.indexOf('=')
  if (eq <= 0) throw new OptionValueError(`expected KEY=VALUE, got "${spec}"`)
  return { key: spec.slice(0, eq), value: spec.slice(eq + 1) }
}

/** `FROM=TO` with both sides non-empty (signing-identity-rewrite). */
export function parseRewrite(spec: string): { from: string; to: string } {
  const eq = spec.indexOf('=')
  if (eq <= 0 || eq === spec.length - 1)
    throw new OptionValueError(`expected FROM=TO, got "${spec}"`)
  return { from: spec.slice(0, eq), to: spec.slice(eq + 1) }
}

const PEM_PUBLIC_KEY = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g

/** One or more PEM public keys (cosign --key; several blocks allowed in one text). */
export function parseTrustedKeys(text: string): KeyObject[] {
  if (!text.trim()) return []
  const blocks = text.match(PEM_PUBLIC_KEY) ?? []
  if (blocks.length === 0)
    throw new OptionValueError('expected one or more PEM public keys (-----BEGIN PUBLIC KEY-----)')
  return blocks.map((pem, i) => {
    try {
      return createPublicKey(pem)
    } catch {
      throw new OptionValueError(`PEM block ${i + 1} is not a valid public key`)
    }
  })
}
