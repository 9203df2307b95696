// Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date, capped.

/** Milliseconds to wait, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(
  value: string | undefined,
  capMs: number,
  now = Date.now()
): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, capMs)
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.min(Math.max(0, date - now), capMs)
}
