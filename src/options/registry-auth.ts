// `registry-auth`: JSON or YAML mapping host -> {username, password} | {token}. The error text
// never echoes the value (it holds secrets).
import { parse as parseYaml } from 'yaml'
import { OptionValueError } from './values.js'

export interface HostCredential {
  username?: string
  password?: string
  token?: string
}

export function parseRegistryAuth(text: string): Record<string, HostCredential> {
  if (text.trim() === '') return {}
  let data: unknown
  try {
    data = parseYaml(text)
  } catch {
    throw new OptionValueError(
      'is not valid YAML or JSON (expected host: {username, password} or host: {token})'
    )
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new OptionValueError('expected a mapping of registry host to credentials')
  const out: Record<string, HostCredential> = {}
  for (const [host, value] of Object.entries(data as Record<string, unknown>)) {
    const v = value as Record<string, unknown> | null
    const ok =
      v !== null && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string')
    if (!ok || !(('username' in v && 'password' in v) || 'token' in v))
      throw new OptionValueError(
        `credentials for ${host} must be {username, password} or {token} strings`
      )
    out[host] = v as HostCredential
  }
  return out
}
