// RegistryClient against real registries with htpasswd + TLS (Basic) and token auth (Bearer),
// and the guarantee that no credential ever appears in logs or error messages.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { RegistryClient, type RegistryClientOptions } from '../../../src/oci/registry/index.js'
import { buildImage } from '../../harness/images.js'
import { startRegistry, type TestRegistry } from '../../harness/registry.js'
import { pushWithStore, readAll } from './push-with-store.js'

const PASSWORD = 'pw-Zq81-never-printed'
const registries: TestRegistry[] = []
const clients: RegistryClient[] = []

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()))
  await Promise.all(registries.map((r) => r.stop()))
})

function newClient(
  registry: TestRegistry,
  options: RegistryClientOptions,
  lines: string[]
): RegistryClient {
  const client = new RegistryClient({
    caPem: registry.caPem,
    log: (l) => lines.push(l),
    ...options
  })
  clients.push(client)
  return client
}

function expectNoSecret(texts: string[]): void {
  const encoded = Buffer.from(`testuser:${PASSWORD}`).toString('base64')
  for (const text of texts) {
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain(encoded)
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/) // no JWT
  }
}

describe('htpasswd + TLS', () => {
  let registry: TestRegistry
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd', tls: true, password: PASSWORD })
    registries.push(registry)
  })

  it('pushes and reads over https with the CA passed in and Basic credentials', async () => {
    const lines: string[] = []
    const client = newClient(
      registry,
      { credentials: { [registry.host]: { username: 'testuser', password: PASSWORD } } },
      lines
    )
    const store = client.store(registry.host)
    const built = buildImage({ seed: 'basic-tls' })
    await pushWithStore(store, 'secure/img', built, ['v1'])
    await expect(store.manifestHead('secure/img', 'v1')).resolves.toMatchObject({
      digest: built.manifest.digest
    })
    expect(
      await readAll((await store.blobGet('secure/img', built.layers[0]!.digest)).stream)
    ).toEqual(Buffer.from(built.layers[0]!.bytes))
    expect(lines.some((l) => l.startsWith('HEAD https://'))).toBe(true)
    expectNoSecret(lines)
  })

  it('fails UNAUTHORIZED with a wrong password, printing neither password', async () => {
    const lines: string[] = []
    const client = newClient(
      registry,
      { credentials: { [registry.host]: { username: 'testuser', password: `${PASSWORD}-wrong` } } },
      lines
    )
    const error = (await client
      .store(registry.host)
      .manifestHead('secure/img', 'v1')
      .catch((e: unknown) => e)) as Error
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', registry: registry.host })
    expectNoSecret([error.message, String((error as { hint?: string }).hint), ...lines])
  })

  it('refuses the server certificate without the CA', async () => {
    const client = newClient(
      registry,
      {
        caPem: undefined,
        credentials: { [registry.host]: { username: 'testuser', password: PASSWORD } }
      },
      []
    )
    // A certificate failure must not fall back to plain http, even on loopback.
    const error = await client
      .store(registry.host)
      .manifestHead('secure/img', 'v1')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NETWORK', temporary: false })
    expect((error as { hint: string }).hint).toMatch(/CA certificate/)
  })
})

describe('token auth', () => {
  let registry: TestRegistry
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token', password: PASSWORD })
    registries.push(registry)
  })

  it('gets scoped tokens, reuses them, and mounts with pull on the source in the same token', async () => {
    const lines: string[] = []
    const client = newClient(
      registry,
      { credentials: { [registry.host]: { username: 'testuser', password: PASSWORD } } },
      lines
    )
    const store = client.store(registry.host)
    const built = buildImage({ seed: 'token-auth' })
    await pushWithStore(store, 'tok/src', built, ['v1'])
    const issuedBefore = registry.tokenServer!.stats.issued
    for (const tag of ['v1', 'v1', built.manifest.digest]) await store.manifestHead('tok/src', tag)
    // pull on tok/src is covered by the cached pull,push token: no new token
    expect(registry.tokenServer!.stats.issued).toBe(issuedBefore)
    await expect(store.blobMount('tok/dst', built.layers[0]!.digest, 'tok/src')).resolves.toBe(true)
    const mountToken = registry.tokenServer!.requests.at(-1)!
    expect(mountToken.status).toBe(200)
    expect(
      mountToken.scopes.map((s) => `${s.name}:${[...s.actions].sort().join(',')}`).sort()
    ).toEqual(['tok/dst:pull,push', 'tok/src:pull'])
    await expect(store.blobHas('tok/dst', built.layers[0]!.digest)).resolves.toBe(true)
    expectNoSecret(lines)
  })

  it('reads anonymously where the token server grants anonymous pull, and is refused writes', async () => {
    const open = await startRegistry({ auth: 'token', anonymousPull: true })
    registries.push(open)
    const seeded = newClient(
      open,
      { credentials: { [open.host]: { username: 'testuser', password: 'testpassword' } } },
      []
    )
    const built = buildImage({ seed: 'anon' })
    await pushWithStore(seeded.store(open.host), 'anon/img', built, ['v1'])
    const anonymous = newClient(open, {}, []).store(open.host)
    await expect(anonymous.manifestHead('anon/img', 'v1')).resolves.toMatchObject({
      digest: built.manifest.digest
    })
    await expect(anonymous.manifestPut('anon/img', 'v2', built.manifest)).rejects.toMatchObject({
      code: 'UNAUTHORIZED'
    })
  })
})
