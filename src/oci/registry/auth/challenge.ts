// Parses `WWW-Authenticate` (RFC 9110 §11.6.1) into challenges: a scheme and its parameters.
// Handles several challenges in one header, quoted values with escapes, and odd spacing.

export interface AuthChallenge {
  /** Lower case: `basic`, `bearer`, ... */
  scheme: string
  /** Lower-case parameter names -> values (`realm`, `service`, `scope`, `error`). */
  params: Record<string, string>
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/

export function parseChallenges(headers: readonly string[]): AuthChallenge[] {
  const challenges: AuthChallenge[] = []
  for (const header of headers) {
    let rest = header.trim()
    let current: AuthChallenge | undefined
    while (rest.length > 0) {
      rest = rest.replace(/^[\s,]+/, '')
      const name = TOKEN.exec(rest)?.[0]
      if (!name) break
      const afterName = rest.slice(name.length)
      const param = /^\s*=\s*/.exec(afterName)
      if (param && current) {
        const [value, remaining] = readValue(afterName.slice(param[0].length))
        current.params[name.toLowerCase()] = value
        rest = remaining
      } else {
        current = { scheme: name.toLowerCase(), params: {} }
        challenges.push(current)
        rest = afterName
        // token68 form (`Basic abc==`) carries no parameters we use; skip it.
        const token68 = /^\s+([A-Za-z0-9._~+/-]+=*)\s*(?:,|$)/.exec(rest)
        if (token68 && !/^\s+[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=[^=]/.test(rest))
          rest = rest.slice(token68[0].length)
      }
    }
  }
  return challenges
}

function readValue(text: string): [string, string] {
  if (!text.startsWith('"')) {
    const end = text.search(/[\s,]/)
    return end < 0 ? [text, ''] : [text.slice(0, end), text.slice(end)]
  }
  let value = ''
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!
    if (char === '\\' && i + 1 < text.length) value += text[++i]
    else if (char === '"') return [value, text.slice(i + 1)]
    else value += char
  }
  return [value, '']
}
