// Signing from the CLI, end to end: `run --confirm` against a real registry and the sigstore mocks
// over HTTP. Keyless signing with SIGSTORE_ID_TOKEN promotes, signs and attests with the identity
// Fulcio put in the certificate (also for a reusable workflow, whose SAN is job_workflow_ref and
// not GITHUB_WORKFLOW_REF); re-runs add nothing; a signer that cannot sign stops the run before
// any write; the OIDC token never reaches error text; sign and attest report progress.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync, type KeyExportOptions, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../harness/cli-in-process.js'
import { signatureTag } from '../../src/trust/cosign/constants.js'
import { buildImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, writeThinManifests } from '../harness/seed.js'
import { GITHUB_ISSUER, startSigstoreMocks, type SigstoreMocks } from '../harness/sigstore-mock.js'

const ID = 'release-bot@example.com'
const ISSUER = 'https://accounts.example.com'

let registry: TestRegistry
let mocks: SigstoreMocks
let root: string

beforeAll(async () => {
  ;[registry, mocks] = await Promise.all([startRegistry(), startSigstoreMocks()])
  root = mkdtempSync(join(tmpdir(), 'cli-sign-'))
})
afterAll(async () => Promise.all([registry?.stop(), mocks?.stop()]))

/** A staging image and a thin-manifest directory promoting it to `prod-<name>`. */
async function scenario(name: string): Promise<{ dir: string; digest: string; dest: string }> {
  const digest = await pushImage(registry, `staging/${name}`, buildImage({ seed: name }), [])
  const dir = join(root, name)
  writeThinManifests(dir, {
    sub: 'staging',
    src: `${registry.host}/staging`,
    dests: [`${registry.host}/prod-${name}`],
    imagesYaml: `- name: ${name}\n  dmap:\n    "${digest}": ["v1"]\n`
  })
  return { dir, digest, dest: `${registry.host}/prod-${name}/${name}` }
}

const cli = (args: string[], env: Record<string, string> = {}, isTTY = false) =>
  runCli(args, root, { env, isTTY })

const sigstoreFlags = () => [
  '--fulcio-url',
  mocks.fulcioURL,
  '--rekor-url',
  mocks.rekorURL,
  '--tsa-url',
  mocks.tsaURL,
  '--trusted-root',
  mocks.trustedRootPath
]

const promote = (dir: string, env: Record<string, string>, extra: string[] = [], tty = false) =>
  cli(['run', '--thin-manifest-dir', dir, '--confirm', ...sigstoreFlags(), ...extra], env, tty)

const verify = (ref: string, identity: string, issuer: string) =>
  cli([
    'verify',
    ref,
    '--certificate-identity',
    identity,
    '--certificate-oidc-issuer',
    issuer,
    '--trusted-root',
    mocks.trustedRootPath
  ])

async function signatureLayers(dest: string, digest: string): Promise<number> {
  const path = dest.slice(registry.host.length + 1)
  const res = await fetch(`${registry.url}/v2/${path}/manifests/${signatureTag(digest)}`, {
    headers: { accept: 'application/vnd.oci.image.manifest.v1+json' }
  })
  if (res.status === 404) return 0
  return ((await res.json()) as { layers: unknown[] }).layers.length
}

describe('run --confirm with SIGSTORE_ID_TOKEN (keyless)', () => {
  it('promotes, signs and attests; our verify accepts it for the identity Fulcio certified', async () => {
    const { dir, digest, dest } = await scenario('keyless')
    const result = await promote(dir, { SIGSTORE_ID_TOKEN: mocks.token(ID, ISSUER) })
    expect(result.stderr).not.toContain('needs the signer identity')
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/sign: 1 signed, 0 already signed, 0 failed/)
    expect(result.stderr).toMatch(/attest: 1 attested/)
    expect(await signatureLayers(dest, digest)).toBe(1)
    const verified = await verify(`${dest}@${digest}`, ID, ISSUER)
    expect(verified.stdout).toMatch(/verified sig-tag layer 0 by release-bot@example.com/)
    expect(verified.code).toBe(0)
  })

  it('sign and attest report progress through the same renderer as promote', async () => {
    const { dir } = await scenario('progress')
    const result = await promote(dir, { SIGSTORE_ID_TOKEN: mocks.token(ID, ISSUER) })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/^Promoting: 1\/1 edges/m)
    expect(result.stderr).toMatch(/^Signing: 1\/1 digests$/m)
    expect(result.stderr).toMatch(/^Attesting: 1\/1 digests$/m)
    const { dir: ttyDir } = await scenario('progress-tty')
    const tty = await promote(ttyDir, { SIGSTORE_ID_TOKEN: mocks.token(ID, ISSUER) }, [], true)
    expect(tty.code).toBe(0)
    const bar = (label: string) => `\r${label} [${'#'.repeat(24)}] 1/1 digests\u001b[K\n`
    expect(tty.stderr).toContain(bar('Signing'))
    expect(tty.stderr).toContain(bar('Attesting'))
  })

  it('a reusable workflow (job_workflow_ref != GITHUB_WORKFLOW_REF) signs once over three runs', async () => {
    const { dir, digest, dest } = await scenario('reusable')
    const claims = {
      job_workflow_ref: 'org/shared-workflows/.github/workflows/promote.yml@refs/heads/main',
      workflow_ref: 'org/app/.github/workflows/release.yml@refs/heads/main'
    }
    const env = {
      SIGSTORE_ID_TOKEN: mocks.githubToken(claims),
      GITHUB_WORKFLOW_REF: claims.workflow_ref,
      GITHUB_SERVER_URL: 'https://github.com'
    }
    const rekor: number[] = []
    for (let run = 0; run < 3; run++) {
      const before = mocks.stats.rekor
      const result = await promote(dir, env)
      expect(result.code).toBe(0)
      rekor.push(mocks.stats.rekor - before)
    }
    // First run: one signature and one attestation in the log; then nothing.
    expect(rekor).toEqual([2, 0, 0])
    expect(await signatureLayers(dest, digest)).toBe(1)
    const asCosignWould = await verify(
      `${dest}@${digest}`,
      `https://github.com/${claims.job_workflow_ref}`,
      GITHUB_ISSUER
    )
    expect(asCosignWould.code).toBe(0)
    const asCaller = await verify(
      `${dest}@${digest}`,
      `https://github.com/${claims.workflow_ref}`,
      GITHUB_ISSUER
    )
    expect(asCaller.code).toBe(1)
  })

  it('never puts the OIDC token in error text, even when Fulcio echoes the request', async () => {
    const echo: Server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () =>
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: `invalid request: ${body}` }))
      )
    })
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    try {
      const { dir } = await scenario('scrub')
      const token = mocks.token(ID, ISSUER)
      const result = await promote(dir, { SIGSTORE_ID_TOKEN: token }, [
        '--fulcio-url',
        `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
        '--json'
      ])
      expect(result.code).toBe(1)
      const text = result.stdout + result.stderr
      expect(text).toContain('cannot get a signing certificate from Fulcio')
      expect(text).not.toContain(token)
      expect(text).not.toContain(token.split('.')[1]!)
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()))
    }
  })
})

describe('a signer that cannot sign stops the run before any write', () => {
  const pem = (key: KeyObject, o: KeyExportOptions<'pem'>) => String(key.export(o))
  const keys: Array<[string, () => string, RegExp, string[]?]> = [
    [
      'a public key',
      () =>
        pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, {
          type: 'spki',
          format: 'pem'
        }),
      /signing key is a public key/
    ],
    [
      'an encrypted key without a passphrase',
      () =>
        pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, {
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'secret'
        }),
      /signing key is encrypted and no passphrase was given/
    ],
    [
      'an RSA key',
      () =>
        pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, {
          type: 'pkcs8',
          format: 'pem'
        }),
      /signing key is RSA, not P-256, P-384 or Ed25519/
    ],
    [
      'a P-521 key',
      () =>
        pem(generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey, {
          type: 'pkcs8',
          format: 'pem'
        }),
      /signing key is EC secp521r1, not P-256, P-384 or Ed25519/
    ],
    [
      'an Ed25519 key with the legacy .sig format',
      () => pem(generateKeyPairSync('ed25519').privateKey, { type: 'pkcs8', format: 'pem' }),
      /Ed25519 signing key works only with signature format bundle/
    ]
  ]

  it.each(keys)('%s: exit 2, and the registry received no write', async (what, key, message) => {
    const { dir } = await scenario(`bad-key-${what.toLowerCase().replace(/\W+/g, '-')}`)
    const keyFile = join(dir, 'key.pem')
    writeFileSync(keyFile, key())
    const mark = await registry.accessLog.mark()
    const result = await promote(dir, {}, ['--signing-key', keyFile])
    expect(result.stderr).toMatch(message)
    expect(result.code).toBe(2)
    const writes = (await registry.accessLog.entries(mark)).filter(
      (e) => e.method !== 'GET' && e.method !== 'HEAD'
    )
    expect(writes).toEqual([])
  })

  const jwt = (claims: object) =>
    `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`
  const tokens: Array<[string, string, RegExp]> = [
    [
      'an expired SIGSTORE_ID_TOKEN',
      jwt({ iss: ISSUER, email: ID, aud: 'sigstore', exp: Math.floor(Date.now() / 1000) - 60 }),
      /SIGSTORE_ID_TOKEN expired at/
    ],
    [
      'a SIGSTORE_ID_TOKEN for another audience',
      jwt({ iss: ISSUER, email: ID, aud: 'api://other', exp: Math.floor(Date.now() / 1000) + 600 }),
      /SIGSTORE_ID_TOKEN is for audience "api:\/\/other", not "sigstore"/
    ],
    ['a SIGSTORE_ID_TOKEN that is not a JWT', 'not-a-token-value', /is not a JWT/]
  ]

  it.each(tokens)('%s: exit 2, no write, token not echoed', async (what, token, message) => {
    const { dir } = await scenario(`bad-token-${what.toLowerCase().replace(/\W+/g, '-')}`)
    const mark = await registry.accessLog.mark()
    const result = await promote(dir, { SIGSTORE_ID_TOKEN: token })
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toContain(token)
    expect(result.code).toBe(2)
    const writes = (await registry.accessLog.entries(mark)).filter(
      (e) => e.method !== 'GET' && e.method !== 'HEAD'
    )
    expect(writes).toEqual([])
  })

  it('an Ed25519 key signs with the bundle format', async () => {
    const { dir, digest, dest } = await scenario('ed25519-bundle')
    const keyFile = join(dir, 'key.pem')
    const pair = generateKeyPairSync('ed25519')
    writeFileSync(keyFile, pem(pair.privateKey, { type: 'pkcs8', format: 'pem' }))
    writeFileSync(join(dir, 'key.pub'), pem(pair.publicKey, { type: 'spki', format: 'pem' }))
    const result = await promote(dir, {}, [
      '--signing-key',
      keyFile,
      '--signature-format',
      'bundle'
    ])
    expect(result.stderr).toMatch(/sign: 1 signed/)
    expect(result.code).toBe(0)
    const verified = await cli([
      'verify',
      `${dest}@${digest}`,
      '--key',
      join(dir, 'key.pub'),
      '--trusted-root',
      mocks.trustedRootPath
    ])
    expect(verified.code).toBe(0)
    const again = await promote(dir, {}, ['--signing-key', keyFile, '--signature-format', 'bundle'])
    expect(again.stderr).toMatch(/sign: 0 signed, 1 already signed/)
    expect(await signatureLayers(dest, digest)).toBe(0)
  })
})
