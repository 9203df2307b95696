// The run's signer and sigstore trusted root are built once by the composition root and shared by
// every trust phase and digest: counted at the factories, and on the sigstore mocks (Fulcio
// certificates, TUF requests) for whole runs over many digests.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunOptions } from '../../src/pipeline/options.js'
import { resolveTrust } from '../../src/pipeline/resolve-trust.js'
import { runPromotion } from '../../src/pipeline/run.js'
import { createRunSigner } from '../../src/pipeline/signer.js'
import type { SignerOptions, TrustOptions } from '../../src/pipeline/trust-options.js'
import { createTrustServices, type TrustFactories } from '../../src/pipeline/trust-services.js'
import { signPromoted } from '../../src/trust/phases/sign.js'
import { createTrustRootProvider } from '../../src/trust/trust-root.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from '../trust/trust-env.js'

const KEYS = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const KEYED: SignerOptions = {
  kind: 'keyed',
  privateKeyPEM: KEYS.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
}
const IDENTITY = { identity: SIGNER_ID, issuer: SIGNER_ISSUER }

/** Factories that count their calls and build the real thing. */
function counting(): TrustFactories & { calls: { signer: number; trustRoot: number } } {
  const calls = { signer: 0, trustRoot: 0 }
  return {
    calls,
    signer: (trust) => ((calls.signer += 1), createRunSigner(trust)),
    trustRoot: (options) => ((calls.trustRoot += 1), createTrustRootProvider(options))
  }
}

describe('createTrustServices', () => {
  it('builds one signer and one root, shared by verification and signing', () => {
    const factories = counting()
    const trust = resolveTrust(
      { identity: IDENTITY, signer: KEYED, rekorURL: 'http://rekor' },
      true
    )
    const services = createTrustServices(trust, undefined, factories)
    expect(factories.calls).toEqual({ signer: 1, trustRoot: 1 })
    expect(services.signer?.kind).toBe('keyed')
    expect(services.verifyRoot).toBeDefined()
    expect(services.signRoot).toBe(services.verifyRoot)
    expect(services.verifyRoot!.loaded).toBe(false)
  })

  it('builds no signer for a run that does not sign, and no root a run cannot use', () => {
    const cases: Array<[TrustOptions, boolean, { signer: number; trustRoot: number }]> = [
      // a dry run never signs; a keys-only policy verifies without the root
      [{ trustedKeys: [KEYS.publicKey], signer: KEYED }, false, { signer: 0, trustRoot: 0 }],
      // a keyed signer without Rekor or TSA checks its own signatures by key alone
      [{ trustedKeys: [KEYS.publicKey], signer: KEYED }, true, { signer: 1, trustRoot: 0 }],
      // keys-only verification, but a timestamped signer needs the root for its own signatures
      [
        { trustedKeys: [KEYS.publicKey], signer: KEYED, tsaURL: 'http://tsa' },
        true,
        { signer: 1, trustRoot: 1 }
      ],
      [{ sign: false, signer: KEYED }, true, { signer: 0, trustRoot: 1 }]
    ]
    for (const [options, confirm, calls] of cases) {
      const factories = counting()
      const services = createTrustServices(resolveTrust(options, confirm), undefined, factories)
      expect(factories.calls).toEqual(calls)
      expect(services.signer !== undefined).toBe(calls.signer === 1)
    }
  })
})

describe('a whole run', () => {
  const IMAGES = 4
  let env: TrustEnv
  let dir: string
  let names: string[]
  let digests: string[]
  /** TUF requests of one trusted-root fetch from an empty cache. */
  let oneFetch: number

  const options = (images: number): RunOptions => ({
    manifest: writeManifest(images),
    confirm: true,
    trust: {
      identity: IDENTITY,
      provenance: { mode: 'warn' },
      signer: {
        kind: 'keyless',
        fulcioURL: env.mocks.fulcioURL,
        getIdentityToken: async () => env.mocks.token(SIGNER_ID, SIGNER_ISSUER)
      },
      rekorURL: env.mocks.rekorURL,
      tsaURL: env.mocks.tsaURL,
      trustRoot: {
        tufMirrorURL: env.mocks.tufMirrorURL,
        tufRootPath: env.mocks.tufRootPath,
        tufCachePath: mkdtempSync(join(tmpdir(), 'tuf-cache-'))
      }
    }
  })

  /** A manifest promoting the first `images` staging images to prod. */
  function writeManifest(images: number): string {
    const file = join(dir, `promoter-${images}.yaml`)
    const entries = names
      .slice(0, images)
      .flatMap((name, i) => [`- name: ${name}`, '  dmap:', `    "${digests[i]}": ["v1"]`])
    const registries = [
      'registries:',
      `- name: ${env.registry.host}/staging`,
      '  src: true',
      `- name: ${env.registry.host}/prod`
    ]
    writeFileSync(file, [...registries, 'images:', ...entries, ''].join('\n'))
    return file
  }

  /** One run, with what it cost at Fulcio and the TUF mirror. */
  async function run(images: number) {
    const before = { ...env.mocks.stats }
    const { report } = await runPromotion(options(images), dir)
    const { fulcio, tuf } = env.mocks.stats
    const trust = report.details.trust as Record<string, Array<{ status: string }> | undefined>
    const statuses = (key: string) => trust[key]?.map((v) => v.status)
    return { report, statuses, fulcio: fulcio - before.fulcio, tuf: tuf - before.tuf }
  }

  beforeAll(async () => {
    env = await startTrustEnv()
    dir = mkdtempSync(join(tmpdir(), 'trust-services-'))
    names = Array.from({ length: IMAGES + 1 }, (_, i) => `img-${i}`)
    digests = await Promise.all(
      names.map((name) => env.pushTestImage(`staging/${name}`, `services/${name}`))
    )
    // Signed in staging by the trusted identity, so validate needs the trusted root too.
    await signPromoted({
      images: names.map((name, i) => env.promoted([`staging/${name}`], digests[i]!)),
      resolveStore: env.resolveStore,
      signer: env.keylessSigner(),
      trustRoot: env.trustRoot()
    })
    const before = env.mocks.stats.tuf
    await createTrustRootProvider({ ...options(IMAGES).trust!.trustRoot }).get()
    oneFetch = env.mocks.stats.tuf - before
    expect(oneFetch).toBeGreaterThan(0)
  })
  afterAll(() => env?.stop())

  it('validates, signs and attests many digests with one certificate and one root fetch', async () => {
    const { report, statuses, fulcio, tuf } = await run(IMAGES)
    expect(report.outcome).toBe('success')
    expect(statuses('signatures')).toEqual(Array(IMAGES).fill('verified'))
    expect(report.counts).toMatchObject({ promoted: IMAGES, signed: IMAGES, attested: IMAGES })
    expect(fulcio).toBe(1)
    expect(tuf).toBe(oneFetch)
  })

  it('validate, sign and attest all verify against the same one root', async () => {
    // One new digest to validate; the earlier ones carry our signatures and attestations.
    const { report, statuses, fulcio, tuf } = await run(IMAGES + 1)
    expect(report.outcome).toBe('success')
    expect(statuses('signatures')).toEqual(['verified'])
    const already = Array(IMAGES).fill('already-signed')
    expect(statuses('signed')?.sort()).toEqual([...already, 'signed'].sort())
    expect(statuses('attested')?.filter((s) => s === 'already-attested')).toHaveLength(IMAGES)
    expect(fulcio).toBe(1)
    expect(tuf).toBe(oneFetch)
  })
})
