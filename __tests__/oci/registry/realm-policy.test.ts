// Where a registry's credentials may go as a token realm: its own host name (any port), Docker
// Hub's and GitLab.com's published token hosts, and hosts the user allowed. Anything else is
// refused before a byte is sent; anonymous token requests carry no secret and go anywhere.
import { describe, expect, it } from '@jest/globals'
import { RegistryClient, type RegistryError } from '../../../src/oci/registry/index.js'
import { realmAllowed } from '../../../src/oci/registry/auth/realm-policy.js'
import { scripted, type Step } from './scripted-send.js'

const found = { headers: { 'docker-content-digest': `sha256:${'a'.repeat(64)}` } }
const challengeTo = (realm: string): Step => ({
  expect: 'HEAD /v2/a/manifests/v1',
  status: 401,
  headers: { 'www-authenticate': `Bearer realm="${realm}",service="reg"` }
})

function client(steps: Step[], options: { realmHosts?: string[]; anonymous?: boolean } = {}) {
  const script = scripted(steps)
  const store = new RegistryClient({
    baseSend: script.send,
    credentials: options.anonymous
      ? {}
      : { 'reg.example': { username: 'alice', password: 'realm-test-password' } },
    tokenRealmHosts: options.realmHosts,
    sleep: async () => undefined
  }).store('reg.example')
  return { script, store }
}

describe('token realm policy', () => {
  it('refuses a realm on another host with REALM_REFUSED, naming the input and flag, and sends nothing there', async () => {
    const { script, store } = client([challengeTo('https://collector.evil/token')])
    const error = (await store.manifestHead('a', 'v1').catch((e: unknown) => e)) as RegistryError
    expect(error.code).toBe('REALM_REFUSED')
    expect(error.describe()).toMatch(/collector\.evil/)
    expect(error.describe()).toMatch(/token-realm-hosts: collector\.evil/)
    expect(error.describe()).toMatch(/--token-realm-host collector\.evil/)
    expect(script.requests.map((r) => r.url)).not.toContainEqual(
      expect.stringContaining('collector.evil')
    )
    expect(JSON.stringify(script.requests)).not.toContain(
      Buffer.from('alice:realm-test-password').toString('base64')
    )
  })

  it('sends the credentials to an allowed realm host', async () => {
    const { script, store } = client(
      [
        challengeTo('https://auth.example/token'),
        {
          expect: 'GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull',
          body: { token: 'realm-allowed-token' }
        },
        { expect: 'HEAD /v2/a/manifests/v1', ...found }
      ],
      { realmHosts: ['auth.example'] }
    )
    await store.manifestHead('a', 'v1')
    expect(script.requests[1]!.headers.authorization).toMatch(/^Basic /)
  })

  it('a realm on the registry host name needs no allowance, whatever its port', async () => {
    const { script, store } = client([
      challengeTo('https://reg.example:8443/token'),
      {
        expect: 'GET https://reg.example:8443/token?service=reg&scope=repository%3Aa%3Apull',
        body: { token: 'same-host-token' }
      },
      { expect: 'HEAD /v2/a/manifests/v1', ...found }
    ])
    await store.manifestHead('a', 'v1')
    expect(script.remaining()).toEqual([])
  })

  it('anonymous token requests may go to any realm (they carry no credentials)', async () => {
    const { script, store } = client(
      [
        challengeTo('https://anon.example/token'),
        {
          expect: 'GET https://anon.example/token?service=reg&scope=repository%3Aa%3Apull',
          body: { token: 'anonymous-token' }
        },
        { expect: 'HEAD /v2/a/manifests/v1', ...found }
      ],
      { anonymous: true }
    )
    await store.manifestHead('a', 'v1')
    expect(script.requests[1]!.headers.authorization).toBeUndefined()
  })

  it('an allowed realm over plain http is still refused (https is required off loopback)', async () => {
    const { store } = client([challengeTo('http://auth.example/token')], {
      realmHosts: ['auth.example']
    })
    await expect(store.manifestHead('a', 'v1')).rejects.toMatchObject({ code: 'INSECURE_HOST' })
  })

  it('knows the published cross-host pairs and nothing looser', () => {
    const url = (s: string) => new URL(s)
    expect(realmAllowed('registry-1.docker.io', url('https://auth.docker.io/token'), [])).toBe(true)
    expect(realmAllowed('registry.gitlab.com', url('https://gitlab.com/jwt/auth'), [])).toBe(true)
    expect(realmAllowed('127.0.0.1:5000', url('http://127.0.0.1:5001/token'), [])).toBe(true)
    expect(realmAllowed('reg.example', url('https://auth.docker.io/token'), [])).toBe(false)
    expect(realmAllowed('reg.example', url('https://reg.example.evil/token'), [])).toBe(false)
    expect(realmAllowed('reg.example', url('https://evil:8443/t'), ['evil:8443'])).toBe(true)
  })
})
