import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCredentialSource } from '../../../src/oci/credentials.js'
import { runCredentialHelper } from '../../../src/oci/credentials-helper.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'creds-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function configFile(content: object): Promise<string> {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(path, JSON.stringify(content))
  return path
}

describe('createCredentialSource', () => {
  it('reads auths entries: base64 auth, username/password, identity tokens, URL keys', async () => {
    const path = await configFile({
      auths: {
        'https://reg.example/v1/': { auth: Buffer.from('alice:pa:ss').toString('base64') },
        'other.example:5000': { username: 'bob', password: 'pw' },
        'https://index.docker.io/v1/': { identitytoken: 'refresh-123' }
      }
    })
    const source = createCredentialSource({ dockerConfigPath: path })
    await expect(source('reg.example')).resolves.toEqual({ username: 'alice', password: 'pa:ss' })
    await expect(source('other.example:5000')).resolves.toEqual({ username: 'bob', password: 'pw' })
    await expect(source('docker.io')).resolves.toMatchObject({ identityToken: 'refresh-123' })
    await expect(source('unknown.example')).resolves.toBeUndefined()
  })

  it('prefers explicit settings, and a lone token means any user with the token as password', async () => {
    const path = await configFile({ auths: { 'ghcr.io': { username: 'old', password: 'old' } } })
    const source = createCredentialSource({
      dockerConfigPath: path,
      explicit: { 'ghcr.io': { token: 'ghs_abc' } }
    })
    await expect(source('ghcr.io')).resolves.toEqual({
      username: 'x-access-token',
      password: 'ghs_abc'
    })
  })

  it('asks credHelpers per host, then credsStore, with Docker Hub keyed by its v1 URL', async () => {
    const path = await configFile({ credHelpers: { 'gcr.io': 'gcloud' }, credsStore: 'desktop' })
    const calls: string[] = []
    const source = createCredentialSource({
      dockerConfigPath: path,
      runHelper: async (helper, server) => {
        calls.push(`${helper} ${server}`)
        return { username: 'u', password: 'p' }
      }
    })
    await source('gcr.io')
    await source('docker.io')
    expect(calls).toEqual(['gcloud gcr.io', 'desktop https://index.docker.io/v1/'])
  })

  it('reads nothing without a config path, and survives a missing file', async () => {
    await expect(createCredentialSource({})('reg.example')).resolves.toBeUndefined()
    await expect(
      createCredentialSource({ dockerConfigPath: join(dir, 'none.json') })('reg.example')
    ).resolves.toBeUndefined()
  })

  it('rejects a config that is not JSON with a clear error', async () => {
    const path = join(dir, 'broken.json')
    await writeFile(path, '{ nope')
    await expect(createCredentialSource({ dockerConfigPath: path })('x')).rejects.toMatchObject({
      code: 'CREDENTIALS_INVALID'
    })
  })
})

describe('runCredentialHelper', () => {
  it('runs docker-credential-<name> get with the server on stdin', async () => {
    const helper = join(dir, 'docker-credential-testhelper')
    await writeFile(
      helper,
      '#!/bin/sh\nread server\nif [ "$1" = get ] && [ "$server" = reg.example ]; then echo \'{"ServerURL":"reg.example","Username":"hu","Secret":"hs"}\'; else echo "credentials not found in native keychain"; exit 1; fi\n'
    )
    await chmod(helper, 0o755)
    const env = { PATH: `${dir}:/usr/bin:/bin` }
    await expect(runCredentialHelper('testhelper', 'reg.example', env)).resolves.toEqual({
      username: 'hu',
      password: 'hs'
    })
    await expect(runCredentialHelper('testhelper', 'other.example', env)).resolves.toBeUndefined()
    await expect(
      runCredentialHelper('missing-helper-xyz', 'reg.example', env)
    ).rejects.toMatchObject({
      code: 'CREDENTIALS_HELPER_FAILED'
    })
  })
})
