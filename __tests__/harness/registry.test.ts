// The harness's registries start in every auth variant and really enforce authentication.
import { afterAll, describe, expect, it } from '@jest/globals'
import { headerValue, httpRequest } from './http.js'
import { startRegistry, type TestRegistry } from './registry.js'
import { registryBinary } from './registry-process.js'
import { buildImage } from './images.js'
import { pushImage } from './seed.js'
import { parseBearerChallenge } from './seed-client.js'

const started: TestRegistry[] = []
afterAll(async () => {
  await Promise.all(started.map((r) => r.stop()))
})

async function start(options: Parameters<typeof startRegistry>[0]): Promise<TestRegistry> {
  const registry = await startRegistry(options)
  started.push(registry)
  return registry
}

const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`

async function token(registry: TestRegistry, scopes: string[], auth?: string) {
  const challenge = parseBearerChallenge(
    headerValue(
      await httpRequest(`${registry.url}/v2/`, { ca: registry.caPem }),
      'www-authenticate'
    )
  )!
  const url = new URL(challenge.realm)
  url.searchParams.set('service', challenge.service!)
  for (const scope of scopes) url.searchParams.append('scope', scope)
  const res = await httpRequest(url.toString(), { headers: auth ? { Authorization: auth } : {} })
  return {
    status: res.status,
    token: res.status === 200 ? (JSON.parse(res.body.toString()).token as string) : ''
  }
}

describe('startRegistry', () => {
  it('says how to install docker-registry when it is missing', () => {
    expect(() => registryBinary(['/nonexistent/docker-registry'])).toThrow(
      expect.objectContaining({
        code: 'HARNESS_MISSING_TOOL',
        hint: expect.stringContaining('apt-get install docker-registry')
      })
    )
  })

  it('serves without auth on a loopback port and stops idempotently', async () => {
    const registry = await startRegistry()
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/)
    const res = await httpRequest(`${registry.url}/v2/`)
    expect(res.status).toBe(200)
    expect(headerValue(res, 'docker-distribution-api-version')).toBe('registry/2.0')
    await registry.stop()
    await registry.stop()
    await expect(httpRequest(`${registry.url}/v2/`)).rejects.toMatchObject({
      code: 'HARNESS_REQUEST_FAILED'
    })
  })

  it('htpasswd + TLS: 401 without credentials, 200 with, trusted through caPem', async () => {
    const registry = await start({
      auth: 'htpasswd',
      tls: true,
      username: 'alice',
      password: 's3cret'
    })
    expect(registry.url).toMatch(/^https:/)
    expect(registry.caPem).toContain('BEGIN CERTIFICATE')
    const anonymous = await httpRequest(`${registry.url}/v2/`, { ca: registry.caPem })
    expect(anonymous.status).toBe(401)
    expect(headerValue(anonymous, 'www-authenticate')).toMatch(/^Basic /)
    const wrong = await httpRequest(`${registry.url}/v2/`, {
      ca: registry.caPem,
      headers: { Authorization: basic('alice', 'nope') }
    })
    expect(wrong.status).toBe(401)
    const ok = await httpRequest(`${registry.url}/v2/`, {
      ca: registry.caPem,
      headers: { Authorization: basic('alice', 's3cret') }
    })
    expect(ok.status).toBe(200)
    await expect(httpRequest(`${registry.url}/v2/`)).rejects.toThrow(/certificate/)
  })

  it('token auth: Bearer challenge, Basic-checked token server, scoped JWTs', async () => {
    const registry = await start({ auth: 'token' })
    const anonymous = await httpRequest(`${registry.url}/v2/`)
    expect(anonymous.status).toBe(401)
    expect(headerValue(anonymous, 'www-authenticate')).toContain(
      `realm="${registry.tokenServer!.realm}"`
    )
    expect((await token(registry, [], basic('testuser', 'wrong'))).status).toBe(401)
    expect((await token(registry, [])).status).toBe(401)
    const granted = await token(
      registry,
      ['repository:team/app:pull,push'],
      basic('testuser', 'testpassword')
    )
    const ok = await httpRequest(`${registry.url}/v2/`, {
      headers: { Authorization: `Bearer ${granted.token}` }
    })
    expect(ok.status).toBe(200)
    expect(registry.tokenServer!.stats).toMatchObject({ issued: 1, denied: 2 })
  })

  it('token auth over TLS: a cross-repository mount needs both scopes in one token', async () => {
    const registry = await start({ auth: 'token', tls: true })
    const image = buildImage({ seed: 'mount-source' })
    await pushImage(registry, 'source/app', image, ['v1'])
    const layer = image.layers[0].digest
    const mountUrl = `${registry.url}/v2/target/app/blobs/uploads/?mount=${layer}&from=source/app`
    const creds = basic('testuser', 'testpassword')
    const narrow = await token(registry, ['repository:target/app:pull,push'], creds)
    const denied = await httpRequest(mountUrl, {
      method: 'POST',
      ca: registry.caPem,
      headers: { Authorization: `Bearer ${narrow.token}` }
    })
    expect(denied.status).toBe(401)
    expect(headerValue(denied, 'www-authenticate')).toContain('repository:source/app:pull')
    const both = await token(
      registry,
      ['repository:target/app:pull,push repository:source/app:pull'],
      creds
    )
    const mounted = await httpRequest(mountUrl, {
      method: 'POST',
      ca: registry.caPem,
      headers: { Authorization: `Bearer ${both.token}` }
    })
    expect(mounted.status).toBe(201)
    const last = registry.tokenServer!.requests.at(-1)!
    expect(last.scopes.map((s) => s.name)).toEqual(['target/app', 'source/app'])
  })
})
