// `run` flags map onto RunOptions; bad values are usage errors that name the flag.
import { describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parsePlanArgs } from '../../src/cli/commands/plan-args.js'
import { parseFlags, UsageError } from '../../src/cli/flag-values.js'
import { commandFlags } from '../../src/options/read.js'
import { parseRunFlags, runOptionsFromFlags } from '../../src/cli/run-args.js'
import type { CliIo } from '../../src/cli/io.js'

const io: CliIo = {
  stdout: () => undefined,
  stderr: () => undefined,
  cwd: '/tmp',
  env: {},
  isTTY: false
}
const options = (...args: string[]) =>
  runOptionsFromFlags(parseRunFlags(['--manifest', 'm.yaml', ...args], io), io)

describe('run flags', () => {
  it('maps trust, scope and limits', () => {
    const o = options(
      '--scope',
      'changed',
      '--base',
      'abc',
      '--sign',
      'false',
      '--signing-identity-rewrite',
      'us-docker.pkg.dev/k8s-artifacts-prod/images=registry.k8s.io',
      '--replicate-signatures',
      '--vuln-severity-threshold',
      'HIGH',
      '--allow',
      'lost',
      '--shard',
      '2/3',
      '--max-concurrency',
      '4'
    )
    expect(o.scope).toEqual({ kind: 'changed', base: 'abc', head: undefined })
    expect(o.trust?.identityRewrites).toEqual([
      { from: 'us-docker.pkg.dev/k8s-artifacts-prod/images', to: 'registry.k8s.io' }
    ])
    expect(o.trust?.replicateSignatures).toBe(true)
    expect(o.trust?.vuln?.threshold).toBe(4)
    expect(o.trust?.signer).toBeUndefined()
    expect(o.tolerate).toEqual(['lost'])
    expect(o.shard).toEqual({ index: 2, count: 3 })
    expect(o.registry?.defaults).toEqual({
      concurrency: 4,
      headerTimeoutMs: 30_000,
      bodyTimeoutMs: 60_000
    })
  })

  it('refuses bad values with the flag in the message', () => {
    expect(() => options('--scope', 'changed')).toThrow(/--base/)
    expect(() => options('--allow', 'everything')).toThrow(/--allow/)
    expect(() => options('--signing-identity-rewrite', 'nothing')).toThrow(UsageError)
    expect(() => options('--confirm')).toThrow(/signing needs a signer/)
    expect(() => options('--max-concurrency', '0')).toThrow(/--max-concurrency/)
    expect(() => options('--header-timeout', '2.5')).toThrow(/--header-timeout/)
  })

  it('maps the registry deadlines, in seconds', () => {
    const o = options('--header-timeout', '5', '--body-timeout', '20')
    expect(o.registry?.defaults).toEqual({
      concurrency: 16,
      headerTimeoutMs: 5_000,
      bodyTimeoutMs: 20_000
    })
  })
})

describe('one option table: the drifted flags agree with the Action (issue #14)', () => {
  it('--cache-max-age takes the Action durations and plain seconds, on run and plan', () => {
    expect(options('--cache-max-age', '6h').cacheMaxAgeMs).toBe(21_600_000)
    expect(options('--cache-max-age', '21600').cacheMaxAgeMs).toBe(21_600_000)
    expect(options('--cache-max-age', '90s').cacheMaxAgeMs).toBe(90_000)
    expect(options('--cache-max-age', '0').cacheMaxAgeMs).toBe(0)
    const plan = parsePlanArgs(['--manifest', 'm.yaml', '--cache-max-age', '30m'], io)
    expect(typeof plan === 'string' ? plan : plan.cacheMaxAgeMs).toBe(1_800_000)
    expect(() => options('--cache-max-age', '6 hours')).toThrow(/--cache-max-age/)
  })

  it('the deadlines take durations too', () => {
    expect(options('--header-timeout', '1m').registry?.defaults?.headerTimeoutMs).toBe(60_000)
    expect(options('--body-timeout', '90s').registry?.defaults?.bodyTimeoutMs).toBe(90_000)
  })

  it('--tuf-mirror-url is the name on every command, --tuf-mirror still accepted', () => {
    for (const flag of ['--tuf-mirror-url', '--tuf-mirror'])
      expect(options(flag, 'https://tuf.example').trust?.trustRoot?.tufMirrorURL).toBe(
        'https://tuf.example'
      )
    for (const command of ['run', 'verify'] as const) {
      const accepted = Object.keys(commandFlags(command))
      expect(accepted).toEqual(expect.arrayContaining(['tuf-mirror-url', 'tuf-mirror']))
    }
  })

  it('--insecure-registry is repeatable and takes lists, as the insecure-registries input', () => {
    const o = options('--insecure-registry', 'a:5000', '--insecure-registry', 'b:5000,c:5000')
    expect(o.registry?.insecureHosts).toEqual(['a:5000', 'b:5000', 'c:5000'])
  })

  it('the provenance allow-lists reach the CLI', () => {
    const o = options(
      '--provenance-builder-ids',
      'https://github.com/actions/runner',
      '--provenance-source-repositories',
      'github.com/o/r'
    )
    expect(o.trust?.provenance).toEqual({
      mode: 'warn',
      builders: ['https://github.com/actions/runner'],
      sources: ['github.com/o/r']
    })
  })

  it('--trusted-key (verify: also --key) reads PEM files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'))
    const key = join(dir, 'cosign.pub')
    writeFileSync(
      key,
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .publicKey.export({ format: 'pem', type: 'spki' })
        .toString()
    )
    expect(options('--trusted-key', key).trust?.trustedKeys).toHaveLength(1)
    for (const flag of ['--trusted-key', '--key']) {
      const parsed = parseFlags('verify', ['x@sha256:0', flag, key], io, true)
      expect(parsed.values['trusted-key']).toHaveLength(1)
    }
    writeFileSync(key, 'not a key')
    expect(() => options('--trusted-key', key)).toThrow(/--trusted-key/)
  })
})
