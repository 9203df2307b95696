// Image patterns of a provenance policy's `levels:` entries, with Go's path.Match syntax (what
// kpromo uses): `*` and `?` never match a `/`, `[...]`/`[^...]` classes with ranges, `\` escapes.
// Compiled to an anchored RegExp once; a malformed pattern is reported as Go reports it.

/** Go's path.ErrBadPattern text, which kpromo's message carries. */
export const BAD_PATTERN = 'syntax error in pattern'

const escapeRegExp = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')

/** The pattern as an anchored RegExp, or undefined when Go would reject it. */
export function compileGlob(pattern: string): RegExp | undefined {
  let source = ''
  let i = 0
  const chars = [...pattern]
  /** One class member character (escaped or not); undefined when Go would reject it. */
  const classChar = (): string | undefined => {
    let c = chars[i]
    if (c === undefined || c === '-' || c === ']') return undefined
    if (c === '\\') {
      i++
      c = chars[i]
      if (c === undefined) return undefined
    }
    i++
    return c
  }
  while (i < chars.length) {
    const c = chars[i]!
    if (c === '*') {
      source += '[^/]*'
      i++
    } else if (c === '?') {
      source += '[^/]'
      i++
    } else if (c === '\\') {
      if (i + 1 >= chars.length) return undefined
      source += escapeRegExp(chars[i + 1]!)
      i += 2
    } else if (c === '[') {
      i++
      const negated = chars[i] === '^'
      if (negated) i++
      let members = ''
      let ranges = 0
      for (;;) {
        if (chars[i] === ']' && ranges > 0) {
          i++
          break
        }
        const lo = classChar()
        if (lo === undefined) return undefined
        let member = escapeRegExp(lo)
        if (chars[i] === '-') {
          i++
          const hi = classChar()
          if (hi === undefined) return undefined
          member += '-' + escapeRegExp(hi)
        }
        members += member
        ranges++
      }
      // A class never matches the separator, as in Go.
      source += negated ? `[^/${members}]` : `(?:(?!/)[${members}])`
    } else {
      source += escapeRegExp(c)
      i++
    }
  }
  try {
    return new RegExp(`^${source}$`)
  } catch {
    return undefined
  }
}

/** kpromo's matchesImage: the name without surrounding slashes, never an empty one. */
export function matchesImage(pattern: string, image: string): boolean {
  const name = image.replace(/^\/+|\/+$/g, '')
  return name !== '' && (compileGlob(pattern)?.test(name) ?? false)
}
