// KnownSecrets: every credential the process learns is removed from output in every form a
// registry could echo it back: raw, URL-encoded, JSON-escaped, base64 (of the value and of
// `user:password`, also unaligned inside longer base64) and base64url.
import { describe, expect, it } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCredentialSource } from '../../../src/oci/credentials.js'
import {
  KnownSecrets,
  knownSecrets,
  redactDeep,
  redactOutput,
  secretForms
} from '../../../src/oci/registry/redact.js'
import { RegistryClient, RegistryError } from '../../../src/oci/registry/index.js'
import { scripted } from './scripted-send.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')

/** Every encoding of `secret` (with `user`) an echoing registry could produce. */
function encodings(user: string, secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret),
    b64(secret),
    Buffer.from(secret).toString('base64url'),
    `${user}:${secret}`,
    encodeURIComponent(`${user}:${secret}`),
    b64(`${user}:${secret}`),
    `Authorization: Basic ${b64(`${user}:${secret}`)}`,
    // The credentials inside a longer base64 run (a base64-encoded request dump), each alignment.
    b64(`x-Authorization: ${user}:${secret}!`),
    b64(`xx${secret}yy`),
    b64(`xxx${secret}`)
  ]
}

describe('KnownSecrets', () => {
  const user = 'robot$ci'
  const secret = 'p@ss/w0rd+"quoted"&more'

  it.each(encodings('robot$ci', 'p@ss/w0rd+"quoted"&more').map((e, i) => [i, e]))(
    'redacts encoding %i',
    (_, encoded) => {
      const secrets = new KnownSecrets()
      secrets.add(secret, user)
      const out = secrets.redact(`error body: ${encoded} end`)
      expect(out).toContain('REDACTED')
      const decodedAll = [
        out,
        ...out.split(/[^A-Za-z0-9+/=_-]+/).map((w) => Buffer.from(w, 'base64').toString('latin1'))
      ]
      for (const text of decodedAll) expect(text).not.toContain('w0rd+')
      expect(out).not.toContain(encodeURIComponent('w0rd+'))
    }
  )

  it('ignores values too short to be secrets, and tells listeners every form once', () => {
    const secrets = new KnownSecrets()
    secrets.add('abc')
    expect(secrets.size).toBe(0)
    const told: string[] = []
    secrets.add('token-value-1')
    secrets.onLearn((form) => told.push(form))
    secrets.add('token-value-1')
    secrets.add('token-value-2')
    expect(told).toContain('token-value-1')
    expect(told).toContain(b64('token-value-2'))
    expect(new Set(told).size).toBe(told.length)
  })

  it('secretForms lists raw, URL, JSON and base64 forms', () => {
    const forms = secretForms('a b"c/d+e', 'u')
    expect(forms).toEqual(
      expect.arrayContaining(['a b"c/d+e', 'a%20b%22c%2Fd%2Be', 'a b\\"c/d+e', b64('u:a b"c/d+e')])
    )
  })

  it('redactOutput also removes Authorization values and JWTs of unknown origin, not prose', () => {
    const out = redactOutput(
      'authorization: Bearer abcdefghijkl\nAuthorization: Basic dXNlcjpwYXNzd29yZA== token eyJhbGciOiJIUzI1.eyJzdWIiOiIx.sig'
    )
    expect(out).not.toMatch(/abcdefghijkl|dXNlcjpwYXNzd29yZA|eyJhbGciOiJIUzI1/)
    expect(redactOutput('the registry wants basic authentication')).toBe(
      'the registry wants basic authentication'
    )
  })

  it('redactDeep copies plain data with every string redacted, keys included', () => {
    knownSecrets.add('deep-secret-value')
    const data = { a: ['x deep-secret-value'], 'deep-secret-value': { n: 1, b: true } }
    expect(redactDeep(data)).toEqual({ a: ['x REDACTED'], REDACTED: { n: 1, b: true } })
  })
})

describe('sources teach the process-wide registry', () => {
  it('Docker config auths, identity tokens and explicit credentials are learned', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redact-'))
    const path = join(dir, 'config.json')
    await writeFile(
      path,
      JSON.stringify({
        auths: {
          'a.example': { auth: b64('alice:config-password-1') },
          'b.example': { identitytoken: 'identity-token-1' }
        }
      })
    )
    const source = createCredentialSource({
      dockerConfigPath: path,
      explicit: { 'c.example': { token: 'explicit-token-1' } }
    })
    expect(redactOutput('explicit-token-1')).toBe('REDACTED')
    await source('a.example')
    await source('b.example')
    for (const value of ['config-password-1', b64('alice:config-password-1'), 'identity-token-1'])
      expect(redactOutput(`<${value}>`)).toBe('<REDACTED>')
  })

  it('token answers are learned the moment they arrive', async () => {
    const script = scripted([
      {
        expect: 'HEAD /v2/a/manifests/v1',
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="https://reg.example/token",service="reg"' }
      },
      {
        expect: 'GET https://reg.example/token?service=reg&scope=repository%3Aa%3Apull',
        body: { token: 'answered-token-1', refresh_token: 'answered-refresh-1' }
      },
      {
        expect: 'HEAD /v2/a/manifests/v1',
        headers: { 'docker-content-digest': `sha256:${'a'.repeat(64)}` }
      }
    ])
    const client = new RegistryClient({ baseSend: script.send })
    await client.store('reg.example').manifestHead('a', 'v1')
    expect(redactOutput('answered-token-1 answered-refresh-1')).toBe('REDACTED REDACTED')
  })
})

describe('registry errors', () => {
  it('redact the message and the diagnostics a registry sent', () => {
    knownSecrets.add('diagnostic-secret-1', 'bob')
    const echoed = `you sent Basic ${b64('bob:diagnostic-secret-1')} (diagnostic-secret-1)`
    const error = new RegistryError('DENIED', echoed, {
      registry: 'reg.example',
      diagnostics: [{ code: 'DENIED', message: echoed }]
    })
    expect(JSON.stringify({ m: error.message, d: error.diagnostics })).not.toMatch(
      /diagnostic-secret-1|Ym9iOmRpYWdub3N0aWMtc2VjcmV0LTE/
    )
  })
})
