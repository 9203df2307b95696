// `run` flags map onto RunOptions; bad values are usage errors that name the flag.
import { describe, expect, it } from '@jest/globals'
import { UsageError } from '../../src/cli/flag-values.js'
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
