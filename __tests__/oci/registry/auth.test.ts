import { describe, expect, it } from '@jest/globals'
import { sha256Digest } from '../../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../../src/oci/media-types.js'
import type { RegistryCredentials } from '../../../src/oci/credentials.js'
import { RegistryClient } from '../../../src/oci/registry/index.js'
import { scripted, type Step } from './scripted-send.js'

const HOST = 'reg.example'
const digest = sha256Digest('m')
const found = {
  headers: { 'docker-content-digest': digest, 'content-type': MEDIA_TYPE.ociManifest }
}
const challenge = (scope: string, extra = '') => ({
  status: 401,
  headers: {
    'www-authenticate': `Bearer realm="https://auth.example/token",service="reg",scope="${scope}"${extra}`
  }
})
const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`

function clientWith(
  steps: Step[],
  credentials: Record<string, RegistryCredentials> = {
    [HOST]: { username: 'alice', password: 'pw-secret-1' }
  }
) {
  const script = scripted(steps)
  const lines: string[] = []
  const client = new RegistryClient({
    baseSend: script.send,
    credentials,
    // The scripted token service lives on another host, as Docker Hub's does.
    tokenRealmHosts: ['auth.example'],
    log: (l) => lines.push(l),
    sleep: async () => undefined
  })
  return { script, lines, store: client.store(HOST), client }
}

describe('bearer token flow', () => {
  it('learns the realm from the challenge, fetches a token with Basic credentials, and reuses it', async () => {
    const { script, store, lines } = clientWith([
      { expect: 'HEAD /v2/a/manifests/v1', ...challenge('repository:a:pull') },
      {
        expect: 'GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull',
        body: { token: 'tok-1', expires_in: 300 }
      },
      { expect: 'HEAD /v2/a/manifests/v1', ...found },
      { expect: 'HEAD /v2/a/manifests/v2', ...found }
    ])
    await store.manifestHead('a', 'v1')
    await store.manifestHead('a', 'v2')
    expect(script.remaining()).toEqual([])
    expect(script.requests[1]!.headers.authorization).toBe(basic('alice', 'pw-secret-1'))
    expect(script.requests[2]!.headers.authorization).toBe('Bearer tok-1')
    expect(script.requests[3]!.headers.authorization).toBe('Bearer tok-1')
    expect(lines.join('\n')).not.toMatch(/tok-1|pw-secret-1/)
  })

  it('asks one token for the target push scope and the mount source pull scope', async () => {
    const { script, store } = clientWith([
      {
        expect: `POST /v2/dst/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=src`,
        ...challenge('repository:dst:pull,push')
      },
      {
        expect:
          'GET https://auth.example/token?service=reg&scope=repository%3Adst%3Apull%2Cpush&scope=repository%3Asrc%3Apull',
        body: { access_token: 'tok-mount' }
      },
      {
        expect: `POST /v2/dst/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=src`,
        status: 201
      }
    ])
    await expect(store.blobMount('dst', digest, 'src')).resolves.toBe(true)
    expect(script.requests[2]!.headers.authorization).toBe('Bearer tok-mount')
  })

  it('merges the scopes of an insufficient_scope challenge and refreshes once', async () => {
    const { script, store } = clientWith([
      { expect: 'HEAD /v2/a/manifests/v1', ...challenge('repository:a:pull') },
      {
        expect: 'GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull',
        body: { token: 'tok-1' }
      },
      { expect: 'HEAD /v2/a/manifests/v1', ...found },
      // the registry later rejects the cached token (revoked): one refresh, then success
      {
        expect: 'HEAD /v2/a/manifests/v2',
        ...challenge('repository:a:pull repository:b:pull', ',error="insufficient_scope"')
      },
      {
        expect:
          'GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull&scope=repository%3Ab%3Apull',
        body: { token: 'tok-2' }
      },
      { expect: 'HEAD /v2/a/manifests/v2', ...found }
    ])
    await store.manifestHead('a', 'v1')
    await store.manifestHead('a', 'v2')
    expect(script.remaining()).toEqual([])
    expect(script.requests[5]!.headers.authorization).toBe('Bearer tok-2')
  })

  it('fails UNAUTHORIZED after one refresh, without the secret in the message', async () => {
    const { store } = clientWith([
      { expect: 'HEAD /v2/a/manifests/v1', ...challenge('repository:a:pull') },
      {
        expect: 'GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull',
        body: { token: 'tok-1' }
      },
      { expect: 'HEAD /v2/a/manifests/v1', ...challenge('repository:a:pull') }
    ])
    const error = await store.manifestHead('a', 'v1').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 })
    expect(String((error as Error).message)).not.toMatch(/tok-1|pw-secret-1/)
  })

  it('reports a token server refusal as UNAUTHORIZED naming the registry', async () => {
    const { store } = clientWith([
      { expect: 'HEAD /v2/a/manifests/v1', ...challenge('repository:a:pull') },
      {
        expect: 'GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull',
        status: 401,
        body: 'bad password pw-secret-1'
      }
    ])
    const error = await store.manifestHead('a', 'v1').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', registry: HOST })
    expect(String((error as Error).message)).not.toContain('pw-secret-1')
  })

  it('fetches anonymous tokens without credentials', async () => {
    const { script, store } = clientWith(
      [
        { expect: 'HEAD /v2/a/manifests/v1', ...challenge('repository:a:pull') },
        {
          expect: 'GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull',
          body: { token: 'anon' }
        },
        { expect: 'HEAD /v2/a/manifests/v1', ...found }
      ],
      {}
    )
    await store.manifestHead('a', 'v1')
    expect(script.requests[1]!.headers.authorization).toBeUndefined()
  })
})

describe('basic auth', () => {
  it('answers a Basic challenge with the credentials, and sends them up front afterwards', async () => {
    const { script, store } = clientWith(
      [
        {
          expect: 'HEAD /v2/a/manifests/v1',
          status: 401,
          headers: { 'www-authenticate': 'Basic realm="basic-realm"' }
        },
        { expect: 'HEAD /v2/a/manifests/v1', ...found },
        { expect: 'HEAD /v2/a/manifests/v2', ...found }
      ],
      { [HOST]: { token: 'ghp_tokenvalue' } }
    )
    await store.manifestHead('a', 'v1')
    await store.manifestHead('a', 'v2')
    expect(script.requests[1]!.headers.authorization).toBe(
      basic('x-access-token', 'ghp_tokenvalue')
    )
    expect(script.requests[2]!.headers.authorization).toBe(
      basic('x-access-token', 'ghp_tokenvalue')
    )
  })
})

describe('redirects', () => {
  it('follows a blob redirect to another host without Authorization', async () => {
    const blob = Buffer.from('blob-bytes')
    const blobDigest = sha256Digest(blob)
    const { script, store } = clientWith([
      { expect: `GET /v2/a/blobs/${blobDigest}`, ...challenge('repository:a:pull') },
      {
        expect: 'GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull',
        body: { token: 'tok-1' }
      },
      {
        expect: `GET /v2/a/blobs/${blobDigest}`,
        status: 307,
        headers: { location: 'https://storage.example/bucket/blob?X-Amz-Signature=sig123' }
      },
      { expect: 'GET https://storage.example/bucket/blob?X-Amz-Signature=sig123', body: blob }
    ])
    const reader = await store.blobGet('a', blobDigest)
    const chunks: Buffer[] = []
    for await (const chunk of reader.stream) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks)).toEqual(blob)
    expect(script.requests[2]!.headers.authorization).toBe('Bearer tok-1')
    expect(script.requests[3]!.headers.authorization).toBeUndefined()
  })
})

describe('identity tokens and insecure realms', () => {
  it('exchanges a Docker identity token with the refresh_token grant', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = await mkdtemp(join(tmpdir(), 'idtoken-'))
    try {
      const config = join(dir, 'config.json')
      await writeFile(
        config,
        JSON.stringify({ auths: { [HOST]: { identitytoken: 'refresh-xyz' } } })
      )
      const script = scripted([
        { expect: 'HEAD /v2/a/manifests/v1', ...challenge('repository:a:pull') },
        { expect: 'POST https://auth.example/token', body: { access_token: 'from-refresh' } },
        { expect: 'HEAD /v2/a/manifests/v1', ...found }
      ])
      const store = new RegistryClient({
        baseSend: script.send,
        dockerConfigPath: config,
        tokenRealmHosts: ['auth.example']
      }).store(HOST)
      await store.manifestHead('a', 'v1')
      const form = new URLSearchParams(script.requests[1]!.body!.toString())
      expect(Object.fromEntries(form)).toMatchObject({
        grant_type: 'refresh_token',
        refresh_token: 'refresh-xyz',
        service: 'reg',
        scope: 'repository:a:pull'
      })
      expect(script.requests[2]!.headers.authorization).toBe('Bearer from-refresh')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses to send credentials to a plain-http token realm on another host', async () => {
    const { store } = clientWith([
      {
        expect: 'HEAD /v2/a/manifests/v1',
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="http://auth.example/token",service="reg"' }
      }
    ])
    await expect(store.manifestHead('a', 'v1')).rejects.toMatchObject({ code: 'INSECURE_HOST' })
  })
})

describe('Docker Hub', () => {
  it('sends docker.io requests to registry-1.docker.io with docker.io credentials', async () => {
    const script = scripted([
      {
        expect: 'HEAD https://registry-1.docker.io/v2/library/busybox/manifests/latest',
        status: 401,
        headers: { 'www-authenticate': 'Basic realm="hub"' }
      },
      { expect: 'HEAD https://registry-1.docker.io/v2/library/busybox/manifests/latest', ...found }
    ])
    const client = new RegistryClient({
      baseSend: script.send,
      credentials: { 'docker.io': { username: 'u', password: 'p' } }
    })
    const store = client.store('docker.io')
    expect(store.host).toBe('docker.io')
    await store.manifestHead('library/busybox', 'latest')
    expect(script.requests[1]!.headers.authorization).toBe(basic('u', 'p'))
  })
})
