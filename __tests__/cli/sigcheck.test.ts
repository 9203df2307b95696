// `image-promoter sigcheck` end to end on a real registry: images promoted without signing are
// found unsigned (exit 1, no registry write), `--confirm` signs and attests exactly what lacks
// (an index's platform manifests too), a second run is clean and writes nothing, and `verify`
// with the key passes. A signature by another key is reported as the wrong identity; with
// replication on, a destination missing our signature is found and repaired.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli, writeKeyPair } from '../harness/cli-in-process.js'
import { buildImage, buildIndex } from '../harness/images.js'
import { TempRepo } from '../plan/git-repo.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, pushIndex, writeThinManifests } from '../harness/seed.js'
import { startSigstoreMocks, type SigstoreMocks } from '../harness/sigstore-mock.js'

let registry: TestRegistry
let mocks: SigstoreMocks
let root: string

const keyFiles = (name: string) => writeKeyPair(root, name)

let ours: { priv: string; pub: string }

beforeAll(async () => {
  ;[registry, mocks] = await Promise.all([startRegistry(), startSigstoreMocks()])
  root = mkdtempSync(join(tmpdir(), 'cli-sigcheck-'))
  ours = keyFiles('ours')
})
afterAll(async () => Promise.all([registry?.stop(), mocks?.stop()]))

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, root, { env })

/** A two-platform index in staging, promoted (unsigned) to the given destination registries. */
async function promotedUnsigned(name: string, dests: string[]) {
  const index = buildIndex([
    buildImage({ seed: `${name}-amd64` }),
    buildImage({ seed: `${name}-arm64`, platform: { os: 'linux', architecture: 'arm64' } })
  ])
  const digest = await pushIndex(registry, `staging/${name}`, index, [])
  const dir = join(root, name)
  writeThinManifests(dir, {
    sub: 'staging',
    src: `${registry.host}/staging`,
    dests: dests.map((d) => `${registry.host}/${d}`),
    imagesYaml: `- name: ${name}\n  dmap:\n    "${digest}": ["v1"]\n`
  })
  const promoted = await cli(['run', '--thin-manifest-dir', dir, '--confirm', '--sign', 'false'])
  expect(promoted.code).toBe(0)
  const children = index.children.map((c) => c.manifest.digest)
  return { dir, digest, children, dest: (i = 0) => `${registry.host}/${dests[i]}/${name}` }
}

const sigcheck = (dir: string, extra: string[] = [], key = ours.priv) =>
  cli(['sigcheck', '--thin-manifest-dir', dir, '--scope', 'all', '--signing-key', key, ...extra])

/** Registry writes (PUT/POST/PATCH/DELETE) while `action` runs, from the registry's access log. */
async function writesDuring<T>(action: () => Promise<T>): Promise<[T, number]> {
  const mark = await registry.accessLog.mark()
  const result = await action()
  const entries = await registry.accessLog.entries(mark)
  return [result, entries.filter((e) => /^(PUT|POST|PATCH|DELETE)$/.test(e.method)).length]
}

describe('sigcheck (keyed)', () => {
  it('finds every digest unsigned and writes nothing, repairs with --confirm, then is clean', async () => {
    const { dir, digest, children, dest } = await promotedUnsigned('audit', ['prod'])
    const [audit, auditWrites] = await writesDuring(() => sigcheck(dir))
    expect(audit.code).toBe(1)
    expect(auditWrites).toBe(0)
    expect(audit.stdout).toContain(
      `unsigned (${[digest, ...children].map((d) => d.slice(0, 19)).join(', ')})`
    )
    expect(audit.stdout).toContain('no promotion attestation by us')
    expect(audit.stderr).toMatch(/sigcheck: 1 images, 0 signed, 1 unsigned, .* 1 unattested/)

    const [repair, repairWrites] = await writesDuring(() => sigcheck(dir, ['--confirm']))
    expect(repair.stderr).toMatch(/sign: 3 signed, 0 already signed, 0 failed/)
    expect(repair.stderr).toMatch(/attest: 1 attested/)
    expect(repair.stderr).toMatch(/after repair 0 still lacking/)
    expect(repair.code).toBe(0)
    expect(repairWrites).toBeGreaterThan(0)

    for (const args of [[], ['--confirm']]) {
      const [again, againWrites] = await writesDuring(() => sigcheck(dir, args))
      expect(again.code).toBe(0)
      expect(againWrites).toBe(0)
      expect(again.stderr).toMatch(/sigcheck: 1 images, 1 signed, 0 unsigned/)
    }
    for (const d of [digest, ...children]) {
      const verified = await cli(['verify', `${dest()}@${d}`, '--key', ours.pub])
      expect(verified.code).toBe(0)
    }
    const attested = await cli([
      'verify',
      `${dest()}@${digest}`,
      '--key',
      ours.pub,
      '--type',
      'https://k8s.io/promo-tools/promotion/v1'
    ])
    expect(attested.code).toBe(0)
  })

  it('checks IMAGE@DIGEST references without a manifest', async () => {
    const { digest, dest } = await promotedUnsigned('refs', ['prod'])
    const ref = `${dest()}@${digest}`
    const audit = await cli(['sigcheck', ref, '--signing-key', ours.priv])
    expect(audit.code).toBe(1)
    expect(audit.stdout).toContain('unsigned')
    const repair = await cli(['sigcheck', ref, '--signing-key', ours.priv, '--confirm'])
    expect(repair.code).toBe(0)
    const [clean, writes] = await writesDuring(() =>
      cli(['sigcheck', ref, '--signing-key', ours.priv])
    )
    expect(clean.code).toBe(0)
    expect(writes).toBe(0)
  })

  it('reports a signature by another key as the wrong identity', async () => {
    const { dir } = await promotedUnsigned('foreign', ['prod'])
    const theirs = keyFiles('theirs')
    expect((await sigcheck(dir, ['--confirm'], theirs.priv)).code).toBe(0)
    const audit = await sigcheck(dir)
    expect(audit.code).toBe(1)
    expect(audit.stdout).toContain('signed, but not by our identity')
    expect(audit.stderr).toMatch(/0 unsigned, 1 wrong identity/)
  })

  it('with replication on, finds and repairs a destination missing our signature', async () => {
    const { dir, digest, dest } = await promotedUnsigned('replica', ['prod-a', 'prod-b'])
    // Signed and attested on the signing registry only (replication off).
    expect((await sigcheck(dir, ['--confirm'])).code).toBe(0)
    expect((await sigcheck(dir)).code).toBe(0)
    const [audit, writes] = await writesDuring(() => sigcheck(dir, ['--replicate-signatures']))
    expect(audit.code).toBe(1)
    expect(writes).toBe(0)
    expect(audit.stdout).toContain(`signature missing in ${registry.host}/prod-b/replica`)
    expect(audit.stdout).toContain(
      `promotion attestation missing in ${registry.host}/prod-b/replica`
    )
    expect(audit.stderr).toMatch(/1 inconsistent/)
    const repair = await sigcheck(dir, ['--replicate-signatures', '--confirm'])
    expect(repair.stderr).toMatch(/sign: 0 signed, 3 already signed/)
    expect(repair.code).toBe(0)
    const [clean, cleanWrites] = await writesDuring(() =>
      sigcheck(dir, ['--replicate-signatures', '--confirm'])
    )
    expect(clean.code).toBe(0)
    expect(cleanWrites).toBe(0)
    expect((await cli(['verify', `${dest(1)}@${digest}`, '--key', ours.pub])).code).toBe(0)
  })

  it('does not count our signature copied from another digest (the payload names that one)', async () => {
    const [a, b] = ['pair-a', 'pair-b'].map((seed) => buildImage({ seed }))
    const digests = [
      await pushImage(registry, 'staging/pair', a!),
      await pushImage(registry, 'staging/pair', b!)
    ]
    const dir = join(root, 'pair')
    writeThinManifests(dir, {
      sub: 'staging',
      src: `${registry.host}/staging`,
      dests: [`${registry.host}/prod`],
      imagesYaml: `- name: pair\n  dmap:\n    "${digests[0]}": ["a"]\n    "${digests[1]}": ["b"]\n`
    })
    expect(
      (await cli(['run', '--thin-manifest-dir', dir, '--confirm', '--sign', 'false'])).code
    ).toBe(0)
    expect((await sigcheck(dir, ['--confirm', '--limit', '1'])).code).toBe(0)
    // The attacker copies the first digest's signature image onto the second digest's .sig tag.
    const tag = (d: string) => `${registry.url}/v2/prod/pair/manifests/${d.replace(':', '-')}.sig`
    const accept = { accept: 'application/vnd.oci.image.manifest.v1+json' }
    const sig = await fetch(tag(digests[0]!), { headers: accept })
    expect(sig.status).toBe(200)
    const put = await fetch(tag(digests[1]!), {
      method: 'PUT',
      headers: { 'content-type': sig.headers.get('content-type')! },
      body: Buffer.from(await sig.arrayBuffer())
    })
    expect(put.status).toBe(201)
    const audit = await sigcheck(dir)
    expect(audit.code).toBe(1)
    expect(audit.stdout).toContain(
      `prod/pair@${digests[1]!.slice(0, 19)}: signed, but not by our identity`
    )
    expect(audit.stderr).toMatch(/sigcheck: 2 images, 1 signed, 0 unsigned, 1 wrong identity/)
  })

  it('refuses to run without knowing whose signatures count', async () => {
    const result = await cli(['sigcheck', `${registry.host}/prod/x@sha256:${'a'.repeat(64)}`])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('whose signatures to look for')
  })
})

describe('sigcheck (keyless, sigstore mocks)', () => {
  const ID = 'release-bot@example.com'
  const ISSUER = 'https://accounts.example.com'
  const identity = ['--certificate-identity', ID, '--certificate-oidc-issuer', ISSUER]
  const sigstore = () => [
    '--fulcio-url',
    mocks.fulcioURL,
    '--rekor-url',
    mocks.rekorURL,
    '--trusted-root',
    mocks.trustedRootPath
  ]
  const keyless = (dir: string, extra: string[], env: Record<string, string> = {}) =>
    cli(['sigcheck', '--thin-manifest-dir', dir, '--scope', 'all', ...sigstore(), ...extra], env)

  it('audits by identity without a token, repairs with one, and tells another identity apart', async () => {
    const { dir, digest, dest } = await promotedUnsigned('keyless', ['prod'])
    const [audit, writes] = await writesDuring(() => keyless(dir, identity))
    expect(audit.code).toBe(1)
    expect(writes).toBe(0)
    expect(audit.stderr).toMatch(/1 unsigned/)

    // Someone else signs first: still lacking our signature, now as the wrong identity.
    const other = { SIGSTORE_ID_TOKEN: mocks.token('intruder@example.com', ISSUER) }
    expect((await keyless(dir, ['--confirm'], other)).code).toBe(0)
    const wrong = await keyless(dir, identity)
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/0 unsigned, 1 wrong identity/)

    const ours = { SIGSTORE_ID_TOKEN: mocks.token(ID, ISSUER) }
    const before = mocks.stats.rekor
    const repair = await keyless(dir, ['--confirm'], ours)
    expect(repair.code).toBe(0)
    // Three signatures (index and two platforms) and one attestation.
    expect(mocks.stats.rekor - before).toBe(4)
    const [clean, cleanWrites] = await writesDuring(() => keyless(dir, ['--confirm'], ours))
    expect(clean.code).toBe(0)
    expect(cleanWrites).toBe(0)
    expect(mocks.stats.rekor - before).toBe(4)
    expect((await keyless(dir, identity)).code).toBe(0)
    const verified = await cli([
      'verify',
      `${dest()}@${digest}`,
      ...identity,
      '--trusted-root',
      mocks.trustedRootPath
    ])
    expect(verified.code).toBe(0)
  })
})

describe('sigcheck scope: --from-days, --to-days, --attestations-since (git committer dates)', () => {
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString()
  let dir: string

  beforeAll(async () => {
    const repo = new TempRepo()
    dir = repo.dir
    // The root commit's own changes are never in a since-scope (as in kpromo).
    repo.write('README', 'manifests\n').commit('root', daysAgo(40))
    const lines: string[] = []
    // One image per commit: 20, 8 and 1 days ago.
    for (const [name, age] of [
      ['old', 20],
      ['mid', 8],
      ['new', 1]
    ] as const) {
      const digest = await pushImage(
        registry,
        `staging/${name}`,
        buildImage({ seed: `days-${name}` })
      )
      lines.push(`- name: ${name}\n  dmap:\n    "${digest}": ["v1"]\n`)
      writeThinManifests(dir, {
        sub: 'staging',
        src: `${registry.host}/staging`,
        dests: [`${registry.host}/days`],
        imagesYaml: lines.join('')
      })
      repo.commit(name, daysAgo(age))
    }
    const promoted = await cli(['run', '--thin-manifest-dir', dir, '--confirm', '--sign', 'false'])
    expect(promoted.code).toBe(0)
  })

  const audit = (extra: string[]) =>
    cli(['sigcheck', '--thin-manifest-dir', dir, '--signing-key', ours.priv, ...extra])

  it('checks the digests of the last 5 days by default', async () => {
    const result = await audit([])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/sigcheck: 1 images, 0 signed, 1 unsigned/)
    expect(result.stdout).toContain(`${registry.host}/days/new@`)
  })

  it('--from-days 10 --to-days 5 checks only what changed in that window', async () => {
    const result = await audit(['--from-days', '10', '--to-days', '5'])
    expect(result.stderr).toMatch(/sigcheck: 1 images/)
    expect(result.stdout).toContain(`${registry.host}/days/mid@`)
    expect(result.stdout).not.toContain(`${registry.host}/days/new@`)
  })

  it('--attestations-since leaves the attestations of older digests unchecked; --limit caps the images', async () => {
    const result = await audit([
      '--from-days',
      '30',
      '--attestations-since',
      daysAgo(10).slice(0, 10)
    ])
    expect(result.stderr).toMatch(/sigcheck: 3 images, 0 signed, 3 unsigned, .* 2 unattested/)
    const limited = await audit(['--from-days', '30', '--limit', '2'])
    expect(limited.stderr).toMatch(/sigcheck: 2 images/)
  })

  it('refuses a window that ends before it starts', async () => {
    const result = await audit(['--from-days', '3', '--to-days', '5'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--to-days (5) must be fewer days ago than --from-days (3)')
  })
})
