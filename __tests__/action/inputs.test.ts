// The Action's inputs, in process: every input parses through the option table into one typed
// value, a bad value fails naming the input, defaults are the table's (and the domain's), and
// run(inputs) promotes with them without the bundle.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPairSync } from 'node:crypto'
import { readActionInputs } from '../../src/action/inputs.js'
import { run } from '../../src/action/main.js'
import { InputError } from '../../src/action/parse.js'
import { DEFAULT_HOST_CONFIG } from '../../src/oci/registry/host-config.js'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { parseCommandFlags } from '../../src/options/read.js'
import { actionInputs } from '../../src/options/render.js'
import { OPTIONS, type OptionName } from '../../src/options/table.js'
import { DEFAULT_CACHE_MAX_AGE_MS } from '../../src/plan/cache.js'
import { DEFAULT_TRUST_CONCURRENCY } from '../../src/trust/phases/types.js'
import { DEFAULT_VULN_POLICY } from '../../src/vuln/policy.js'
import { buildImage } from '../harness/images.js'

const only =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''
const read = (inputs: Record<string, string>) => readActionInputs(only(inputs))

const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ format: 'pem', type: 'spki' })
  .toString()

/** A valid text for every input and the value it must become (a function: a check). */
const SAMPLES: Record<string, [string, unknown]> = {
  manifest: ['promoter.yaml', 'promoter.yaml'],
  'thin-manifest-dir': ['k8s.io', 'k8s.io'],
  scope: ['since', 'since'],
  base: ['abc123', 'abc123'],
  since: ['7 days', '7 days'],
  command: ['sigcheck', 'sigcheck'],
  confirm: ['false', 'false'],
  allow: ['lost,\nconflict # comment', ['lost', 'conflict']],
  'fail-fast': ['true', true],
  sign: ['False', false],
  'signature-format': ['both', 'both'],
  'signing-registry': ['reg.example/prod', 'reg.example/prod'],
  'signing-identity-rewrite': ['a/b=c', [{ from: 'a/b', to: 'c' }]],
  'replicate-signatures': ['TRUE', true],
  'builder-id': ['https://k8s.io/promo-tools@v4.6.0', 'https://k8s.io/promo-tools@v4.6.0'],
  'verification-summaries': ['true', true],
  'signing-key': ['-----BEGIN EC PRIVATE KEY-----', '-----BEGIN EC PRIVATE KEY-----'],
  'fulcio-url': ['https://fulcio.example', 'https://fulcio.example'],
  'rekor-url': ['https://rekor.example', 'https://rekor.example'],
  'tsa-url': ['https://tsa.example', 'https://tsa.example'],
  'certificate-identity': ['me@example.com', 'me@example.com'],
  'certificate-identity-regexp': ['^https://github.com/o/', '^https://github.com/o/'],
  'certificate-oidc-issuer': ['https://issuer', 'https://issuer'],
  'certificate-oidc-issuer-regexp': ['^https://', '^https://'],
  'trusted-key': [publicKey, (v: unknown) => expect(v).toHaveLength(1)],
  provenance: ['require', 'require'],
  'provenance-builder-ids': ['b1\nb2', ['b1', 'b2']],
  'provenance-source-repositories': ['github.com/o/r', ['github.com/o/r']],
  'trusted-root': ['root.json', 'root.json'],
  'tuf-mirror-url': ['https://tuf.example', 'https://tuf.example'],
  'trust-concurrency': ['4', 4],
  'vuln-severity-threshold': ['HIGH', 4],
  'vuln-fixable-only': ['false', false],
  'vuln-ignore-file': ['ignores.yaml', 'ignores.yaml'],
  'vuln-require-scan': ['true', true],
  'vuln-max-scan-age': ['7d', 7 * 86_400_000],
  'copy-referrers': ['true', true],
  'registry-auth': ['ghcr.io: {token: t0k}', { 'ghcr.io': { token: 't0k' } }],
  'github-token': ['ghs_x', 'ghs_x'],
  'registry-map': ['registry.k8s.io=localhost:5000', ['registry.k8s.io=localhost:5000']],
  'insecure-registries': ['mirror:5000, other:5000', ['mirror:5000', 'other:5000']],
  'token-realm-hosts': ['auth.example', ['auth.example']],
  summary: ['false', false],
  annotations: ['false', false],
  comment: ['update', 'update'],
  'comment-header': ['eu', 'eu'],
  cache: ['false', false],
  'cache-max-age': ['30m', 30 * 60_000],
  'max-concurrency': ['3', 3],
  'max-requests-per-second': ['7', 7],
  'header-timeout': ['1m', 60_000],
  'body-timeout': ['90', 90_000],
  shard: ['2/4', { index: 2, count: 4 }]
}

/** A bad text for every input that has a syntax. */
const BAD: Record<string, string> = {
  scope: 'everything',
  command: 'audit',
  confirm: 'maybe',
  allow: 'lost,done',
  'fail-fast': 'sometimes',
  sign: 'yes please',
  'signature-format': 'v2',
  'signing-identity-rewrite': 'nothing',
  'replicate-signatures': '2',
  'trusted-key': 'not a key',
  provenance: 'strict',
  'trust-concurrency': '0',
  'vuln-severity-threshold': '9',
  'vuln-fixable-only': 'maybe',
  'vuln-require-scan': 'maybe',
  'vuln-max-scan-age': '0',
  'copy-referrers': 'on',
  'registry-auth': 'ghcr.io: {user: x}',
  'registry-map': 'nonsense',
  summary: 'y',
  annotations: 'n',
  comment: 'create',
  cache: 'off',
  'cache-max-age': '6 hours',
  'max-concurrency': '0',
  'max-requests-per-second': '1.5',
  'header-timeout': '0',
  'body-timeout': '-1',
  shard: '5/4'
}

describe('Action inputs', () => {
  it('every input of action.yml has a sample here', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(actionInputs()).sort())
  })

  it.each(Object.entries(SAMPLES))('%s parses', (name, [text, expected]) => {
    const value = read({ [name]: text })[name as OptionName]
    if (typeof expected === 'function') expected(value)
    else expect(value).toEqual(expected)
  })

  it.each(Object.entries(BAD))('%s: a bad value fails naming the input', (name, text) => {
    const attempt = () => read({ [name]: text })
    expect(attempt).toThrow(InputError)
    expect(attempt).toThrow(new RegExp(`^input ${name}: (expected|credentials)`))
  })

  it('a secret input is masked before it is parsed, and a bad one is never echoed', () => {
    const out: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk))
      return true
    })
    let message = ''
    try {
      read({ 'registry-auth': 'ghcr.io: {user: s3cret-value}' })
    } catch (error) {
      message = (error as Error).message
    } finally {
      write.mockRestore()
    }
    expect(message).toMatch(/^input registry-auth: credentials for ghcr.io must be/)
    expect(message).not.toContain('s3cret')
    expect(out.join('')).toContain('::add-mask::ghcr.io: {user: s3cret-value}')
  })

  it("defaults are the table's, and the domain's own defaults", () => {
    const none = read({})
    const explicit = read(
      Object.fromEntries(
        Object.entries(actionInputs()).flatMap(([name, spec]) =>
          spec.default !== undefined && !spec.default.includes('${{') ? [[name, spec.default]] : []
        )
      )
    )
    expect(none).toEqual(explicit)
    expect(none['cache-max-age']).toBe(DEFAULT_CACHE_MAX_AGE_MS)
    expect(none['max-concurrency']).toBe(DEFAULT_HOST_CONFIG.concurrency)
    expect(none['header-timeout']).toBe(DEFAULT_HOST_CONFIG.headerTimeoutMs)
    expect(none['body-timeout']).toBe(DEFAULT_HOST_CONFIG.bodyTimeoutMs)
    expect(none['max-requests-per-second']).toBeUndefined()
    expect(none['trust-concurrency']).toBe(DEFAULT_TRUST_CONCURRENCY)
    expect(none['vuln-severity-threshold']).toBe(DEFAULT_VULN_POLICY.threshold)
    expect(none['vuln-fixable-only']).toBe(DEFAULT_VULN_POLICY.fixableOnly)
    expect(none['vuln-require-scan']).toBe(DEFAULT_VULN_POLICY.requireScan)
    expect([none.scope, none.confirm, none.sign, none.provenance]).toEqual([
      'auto',
      'auto',
      true,
      'warn'
    ])
  })

  it('the CLI reads the same values as the Action for the options both have', () => {
    const action = read({ 'cache-max-age': '6h', 'header-timeout': '45s', allow: 'lost' })
    const cli = parseCommandFlags(
      'run',
      ['--cache-max-age', '6h', '--header-timeout', '45s', '--allow', 'lost'],
      () => new Error(),
      () => ''
    ).values
    for (const [name, spec] of Object.entries(OPTIONS))
      if (spec.input !== false && spec.flag?.commands.includes('run'))
        expect([name, cli[name as OptionName]]).toEqual([name, action[name as OptionName]])
  })
})

describe('run(inputs), in process', () => {
  const saved = { ...process.env }
  let workspace: string
  let output: string
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'ws-inputs-'))
    const temp = mkdtempSync(join(tmpdir(), 'rt-inputs-'))
    output = join(temp, 'output')
    writeFileSync(output, '')
    Object.assign(process.env, {
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: join(temp, 'summary')
    })
  })
  afterEach(() => {
    process.env = { ...saved }
    process.exitCode = undefined
  })

  it('promotes between layout directories with the inputs it is given', async () => {
    const image = buildImage({ seed: 'inputs/app' })
    const store = new LayoutStore({ baseDir: workspace })
    for (const blob of [image.config, ...image.layers])
      await store.blobPut('staging/app', blob.digest, blob.size, blob.bytes)
    await store.manifestPut('staging/app', image.manifest.digest, image.manifest)
    writeFileSync(
      join(workspace, 'promoter.yaml'),
      [
        'registries:',
        '- name: oci:staging',
        '  src: true',
        '- name: oci:prod',
        'images:',
        '- name: app',
        '  dmap:',
        `    "${image.manifest.digest}": ["1.0"]`,
        ''
      ].join('\n')
    )
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      await run(
        read({
          manifest: 'promoter.yaml',
          confirm: 'true',
          sign: 'false',
          provenance: 'off',
          cache: 'false',
          summary: 'false'
        })
      )
    } finally {
      write.mockRestore()
    }
    expect(process.exitCode).toBeUndefined()
    const hex = image.manifest.digest.slice('sha256:'.length)
    expect(existsSync(join(workspace, 'prod/app/blobs/sha256', hex))).toBe(true)
    expect(readFileSync(output, 'utf8')).toMatch(/outcome<<[^\n]*\nsuccess\n/)
  })

  it('a bad input fails the step with the input named, before anything runs', async () => {
    process.env['INPUT_MAX-CONCURRENCY'] = '0'
    const lines: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk))
      return true
    })
    try {
      await run()
    } finally {
      write.mockRestore()
    }
    expect(process.exitCode).toBe(1)
    expect(lines.join('')).toContain(
      '::error::image-promoter: input max-concurrency: expected a whole number >= 1, got "0"'
    )
  })
})
