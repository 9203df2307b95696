// Reads Docker's config.json: `auths` (base64 `auth`, or username/password, or identitytoken),
// `credHelpers` and `credsStore`. Keys are normalised to bare hosts (`https://host/v1/` -> host).
import { readFile } from 'node:fs/promises'
import { PromoterError } from '../errors.js'
import type { Credential } from './credential.js'

export interface DockerConfig {
  auths: Record<string, Credential>
  credHelpers: Record<string, string>
  credsStore?: string
}

interface RawAuth {
  auth?: string
  username?: string
  password?: string
  identitytoken?: string
}

/** `https://index.docker.io/v1/` stays as is (Docker Hub's key); other URLs become host[:port]. */
export function normaliseConfigKey(key: string): string {
  if (key === 'https://index.docker.io/v1/') return key
  return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')
}

export function parseAuthEntry(key: string, raw: RawAuth): Credential | undefined {
  let username = raw.username
  let password = raw.password
  if (raw.auth) {
    const decoded = Buffer.from(raw.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0)
      throw new PromoterError(
        'CREDENTIALS_INVALID',
        `docker config entry for ${key}: "auth" is not base64 of user:password`,
        {
          hint: 'run docker login again, or fix the entry in config.json'
        }
      )
    username = decoded.slice(0, colon)
    password = decoded.slice(colon + 1)
  }
  if (raw.identitytoken)
    return { username: username ?? '<token>', password: '', identityToken: raw.identitytoken }
  if (username === undefined || password === undefined || (username === '' && password === ''))
    return undefined
  return { username, password }
}

/** undefined when the file does not exist; a clear error when it is not valid JSON. */
export async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let parsed: {
    auths?: Record<string, RawAuth>
    credHelpers?: Record<string, string>
    credsStore?: string
  }
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new PromoterError('CREDENTIALS_INVALID', `docker config ${path} is not valid JSON`, {
      hint: 'fix or remove the file',
      cause: error
    })
  }
  const auths: Record<string, Credential> = {}
  for (const [key, raw] of Object.entries(parsed.auths ?? {})) {
    const credential = parseAuthEntry(key, raw)
    if (credential) auths[normaliseConfigKey(key)] = credential
  }
  const credHelpers: Record<string, string> = {}
  for (const [key, helper] of Object.entries(parsed.credHelpers ?? {}))
    credHelpers[normaliseConfigKey(key)] = helper
  return { auths, credHelpers, credsStore: parsed.credsStore || undefined }
}
