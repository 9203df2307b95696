// The host (host[:port]) of a request URL, as `new URL(url).host` gives it. Every wrapper keys its
// per-host state by it; parsing the whole URL in each of them was a visible share of a HEAD-bound
// plan's CPU (bench plan-fleet), so the answer is kept per scheme-and-authority prefix.

const hosts = new Map<string, string>()
/** Distinct prefixes kept: a run talks to a handful of hosts (and token realms). */
const MAX_KEPT = 1024

/**
 * `new URL(url).host`, throwing as it does for an invalid URL. Under http(s) the host depends
 * only on the text before the first `/`, `\`, `?` or `#` after `//` (WHATWG URL), so that prefix
 * is the cache key; any other shape is parsed whole.
 */
export function hostOf(url: string): string {
  const start = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : -1
  if (start < 0) return new URL(url).host
  let end = start
  while (end < url.length) {
    const c = url.charCodeAt(end)
    // '/', '\', '?', '#'
    if (c === 47 || c === 92 || c === 63 || c === 35) break
    end++
  }
  const prefix = url.slice(0, end)
  let host = hosts.get(prefix)
  if (host === undefined) {
    host = new URL(url).host
    if (hosts.size >= MAX_KEPT) hosts.clear()
    hosts.set(prefix, host)
  }
  return host
}
