// The trusted root: fetched via TUF from the mock mirror once and shared, served from a file, and
// fail-closed with a hint naming the trusted-root option.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createTrustRootProvider } from '../../src/trust/trust-root.js'
import { startSigstoreMocks, type SigstoreMocks } from '../harness/sigstore-mock.js'

let mocks: SigstoreMocks
beforeAll(async () => {
  mocks = await startSigstoreMocks()
})
afterAll(() => mocks.stop())

describe('trust root provider', () => {
  it('fetches via TUF once, on first use, and shares the result', async () => {
    const provider = createTrustRootProvider({
      tufMirrorURL: mocks.tufMirrorURL,
      tufRootPath: mocks.tufRootPath,
      tufCachePath: mkdtempSync(join(tmpdir(), 'tuf-cache-'))
    })
    expect(provider.loaded).toBe(false)
    expect(mocks.stats.tuf).toBe(0)
    const [a, b] = await Promise.all([provider.get(), provider.get()])
    expect(a).toBe(b)
    expect(a.certificateAuthorities).toHaveLength(1)
    const requests = mocks.stats.tuf
    await provider.get()
    expect(mocks.stats.tuf).toBe(requests)
  })

  it('uses a warm cache with forceCache, without asking the mirror', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'tuf-cache-'))
    const options = {
      tufMirrorURL: mocks.tufMirrorURL,
      tufRootPath: mocks.tufRootPath,
      tufCachePath: cache
    }
    await createTrustRootProvider(options).get()
    const requests = mocks.stats.tuf
    await expect(
      createTrustRootProvider({ ...options, tufForceCache: true }).get()
    ).resolves.toBeDefined()
    expect(mocks.stats.tuf).toBe(requests)
  })

  it('reads a trusted_root.json file', async () => {
    await expect(
      createTrustRootProvider({ trustedRootPath: mocks.trustedRootPath }).get()
    ).resolves.toMatchObject({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1'
    })
  })

  it('fails closed, pointing at the trusted-root option', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'root-')), 'root.json')
    writeFileSync(bad, '{"mediaType":"x"}')
    await expect(createTrustRootProvider({ trustedRootPath: bad }).get()).rejects.toMatchObject({
      code: 'TRUST_ROOT_INVALID'
    })
    const missing = createTrustRootProvider({ trustedRootPath: '/nonexistent/trusted_root.json' })
    await expect(missing.get()).rejects.toMatchObject({
      code: 'TRUST_ROOT_UNAVAILABLE',
      hint: expect.stringContaining('trusted-root')
    })
    const unreachable = createTrustRootProvider({
      tufMirrorURL: 'http://127.0.0.1:1/tuf',
      tufRootPath: mocks.tufRootPath,
      tufCachePath: mkdtempSync(join(tmpdir(), 'tuf-')),
      tufRetries: 0
    })
    await expect(unreachable.get()).rejects.toMatchObject({
      code: 'TRUST_ROOT_UNAVAILABLE',
      hint: expect.stringContaining('trusted-root')
    })
  })
})
