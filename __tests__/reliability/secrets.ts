// The secrets scan: every form in which a credential could leak (the raw value, its Basic
// header, its URL-encoded form) must be absent from every text the suite collects.
import { expect } from '@jest/globals'

export interface SecretSet {
  username?: string
  password?: string
  tokens?: string[]
}

/** The raw secrets and their encodings that must never be printed. */
export function secretsOf({ username, password, tokens = [] }: SecretSet): string[] {
  const out = [...tokens]
  if (password) {
    out.push(password, encodeURIComponent(password))
    if (username) out.push(Buffer.from(`${username}:${password}`).toString('base64'))
  }
  for (const token of tokens) out.push(Buffer.from(token).toString('base64'))
  return out.filter((s) => s.length >= 8)
}

export function expectNoSecrets(text: string, secrets: string[]): void {
  const leaked = secrets.filter((s) => text.includes(s))
  expect(leaked).toEqual([])
}
