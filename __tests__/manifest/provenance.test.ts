// The per-manifest `provenance:` block (kpromo v4.6): read in plain and thin manifests with its
// exact values, every problem in it reported where it is written, counts unchanged.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { main } from '../../src/cli/main.js'
import { loadManifests } from '../../src/manifest/index.js'
import { at, digestOf } from './fixtures.js'

let dir: string
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'manifest-provenance-'))))
afterAll(() => rm(dir, { recursive: true, force: true }))

async function write(path: string, lines: string[]): Promise<string> {
  const file = join(dir, path)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, lines.join('\n') + '\n')
  return file
}

const REGISTRIES = [
  'registries:',
  '  - name: gcr.io/staging',
  '    src: true',
  '  - name: us-docker.pkg.dev/prod'
]
const IMAGES = ['- name: app', '  dmap:', `    "${digestOf('a')}": ["v1"]`]
const SIGNER = 'sigstore::https://accounts.google.com::builder@example.iam.gserviceaccount.com'
const BLOCK = [
  'provenance:',
  '  mode: require',
  '  builders: [{id: "https://github.com/actions/runner/github-hosted", level: 2}]',
  '  sources: ["github.com/kubernetes/kubernetes", "github.com/kubernetes-sigs/kind"]',
  '  predicateTypes: ["https://spdx.dev/Document"]',
  '  signers:',
  `    - "${SIGNER}"`,
  '    - certificate-identity: "https://github.com/org/repo/.github/workflows/build.yml@refs/heads/main"',
  '      certificate-oidc-issuer: "https://token.actions.githubusercontent.com"',
  '    - certificate-identity-regexp: "^https://github.com/org/"',
  '      certificate-oidc-issuer-regexp: "^https://token\\\\.actions\\\\.githubusercontent\\\\.com$"'
]
const PARSED = {
  mode: 'require',
  builderRules: [{ id: 'https://github.com/actions/runner/github-hosted', level: 2 }],
  sources: ['github.com/kubernetes/kubernetes', 'github.com/kubernetes-sigs/kind'],
  predicateTypes: ['https://spdx.dev/Document'],
  signers: [
    {
      spec: SIGNER,
      identity: 'builder@example.iam.gserviceaccount.com',
      issuer: 'https://accounts.google.com'
    },
    {
      identity: 'https://github.com/org/repo/.github/workflows/build.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com'
    },
    {
      identityRegexp: '^https://github.com/org/',
      issuerRegexp: '^https://token\\.actions\\.githubusercontent\\.com$'
    }
  ]
}

async function plain(name: string, block: string[]) {
  const file = await write(name, [
    ...REGISTRIES,
    'images:',
    ...IMAGES.map((l) => `  ${l}`),
    ...block
  ])
  return loadManifests({ manifest: file })
}

describe('provenance block', () => {
  it('is read at the top of a plain manifest with its exact values', async () => {
    const set = await plain('plain.yaml', BLOCK)
    expect(set.errors).toEqual([])
    expect(set.manifests[0]!.provenance).toEqual({
      ...PARSED,
      position: { file: 'plain.yaml', line: 9, column: 1 }
    })
  })

  it('is read from promoter-manifest.yaml next to registries:, and absent elsewhere', async () => {
    await write('thin/manifests/a/promoter-manifest.yaml', [...BLOCK, ...REGISTRIES])
    await write('thin/images/a/images.yaml', IMAGES)
    // Another source registry: manifests sharing one must declare the same policy.
    await write(
      'thin/manifests/b/promoter-manifest.yaml',
      REGISTRIES.map((l) => l.replace('gcr.io/staging', 'gcr.io/other'))
    )
    await write('thin/images/b/images.yaml', IMAGES)
    const set = await loadManifests({ thinManifestDir: join(dir, 'thin') })
    expect(set.errors).toEqual([])
    const [a, b] = set.manifests
    expect(a!.provenance).toEqual({
      ...PARSED,
      position: { file: 'manifests/a/promoter-manifest.yaml', line: 1, column: 1 }
    })
    expect(a!.imagesFile).toBe('images/a/images.yaml')
    expect(b).not.toHaveProperty('provenance')
  })

  it('a block without a mode, "" or off is off (kpromo); empty lists set nothing', async () => {
    for (const [name, block] of [
      ['off.yaml', ['provenance:', '  mode: off']],
      ['blank.yaml', ['provenance:', '  mode: ""']],
      ['lists.yaml', ['provenance:', '  builders: []', '  signers:']],
      ['empty.yaml', ['provenance:']],
      ['braces.yaml', ['provenance: {}']]
    ] as const) {
      const set = await plain(name, [...block])
      expect(set.errors).toEqual([])
      expect(set.warnings).toEqual([])
      expect(set.manifests[0]!.provenance).toEqual({
        mode: 'off',
        position: { file: name, line: 9, column: 1 }
      })
    }
  })

  it('reports every problem in the block at its position, with what was expected', async () => {
    const set = await plain('bad.yaml', [
      'provenance:', // line 9
      '  mode: strict',
      '  builders: "https://builder.example"',
      '  sources: ["", "github.com/org/repo@v1"]',
      '  predicateTypes: [[nested]]',
      '  signer: []',
      '  signers:', // line 15
      '    - certificate-oidc-issuer: https://issuer.example',
      '    - certificate-identity: me@example.com',
      '    - certificate-identity-regexp: "(unclosed"',
      '      certificate-oidc-issuer: https://issuer.example',
      '    - certificate-identity: me@example.com',
      '      certificate-oidc-issuer: https://issuer.example',
      '      certificate-issuer: https://issuer.example',
      '    - just-a-string',
      '    - certificate-identity: ""',
      '      certificate-oidc-issuer-regexp: "[a-"',
      '    - "sigstore(identityMatch=regex)::https://issuer.example::(unclosed"'
    ])
    expect(set.errors.map(at)).toEqual([
      'INVALID_PROVENANCE_MODE bad.yaml:10:9',
      'WRONG_TYPE bad.yaml:11:13',
      'INVALID_PROVENANCE_SOURCE bad.yaml:12:13',
      'INVALID_PROVENANCE_SOURCE bad.yaml:12:17',
      'WRONG_TYPE bad.yaml:13:20',
      'UNKNOWN_KEY bad.yaml:14:3',
      'INCOMPLETE_SIGNER bad.yaml:16:7',
      'INCOMPLETE_SIGNER bad.yaml:17:7',
      'INVALID_REGEXP bad.yaml:18:36',
      'UNKNOWN_KEY bad.yaml:22:7',
      'INVALID_SIGNER bad.yaml:23:7',
      'INVALID_REGEXP bad.yaml:25:39',
      'INVALID_SIGNER bad.yaml:26:7'
    ])
    const messages = set.errors.map((e) => e.message)
    expect(messages[0]).toBe('provenance: mode must be "off", "warn" or "require", got "strict"')
    expect(messages[1]).toBe('provenance builders: expected a list, got "https://builder.example"')
    expect(messages[2]).toBe('provenance: sources must not be empty')
    expect(messages[3]).toBe('provenance: source "github.com/org/repo@v1" must not carry a ref')
    expect(messages[5]).toBe(
      'unknown key "signer" in provenance; expected one of: mode, signers, builders, sources, predicateTypes, level, levels'
    )
    expect(messages[6]).toBe(
      'provenance signer: expected certificate-identity or certificate-identity-regexp, got neither'
    )
    expect(messages[8]).toMatch(
      /^provenance signer certificate-identity-regexp: "\(unclosed" is not a valid regular expression \(.+\)$/
    )
    expect(messages[10]).toBe(
      'provenance: invalid signer "just-a-string": unable to parse identity from principal string "just-a-string"'
    )
    expect(messages[12]).toBe(
      'provenance: invalid signer "sigstore(identityMatch=regex)::https://issuer.example::(unclosed": identityMatch: invalid regular expression "(unclosed"'
    )
    expect(set.errors[6]!.hint).toContain('certificate-identity: "https://github.com/')
  })

  it('reports a block that is not a mapping, and a bad key in a thin manifest', async () => {
    const scalar = await plain('scalar.yaml', ['provenance: require'])
    expect(scalar.errors.map(at)).toEqual(['WRONG_TYPE scalar.yaml:9:13'])
    expect(scalar.errors[0]!.message).toBe('provenance: expected a mapping, got "require"')
    await write('thin-bad/manifests/a/promoter-manifest.yaml', [
      ...REGISTRIES,
      'provenance:',
      '  mode: warn',
      '  allowed-builders: []'
    ])
    await write('thin-bad/images/a/images.yaml', IMAGES)
    const set = await loadManifests({ thinManifestDir: join(dir, 'thin-bad') })
    // mode warn with nothing declared: kpromo's three "at least one" rules, at the block.
    expect(set.errors.map(at)).toEqual([
      ...Array(3).fill('INCOMPLETE_PROVENANCE_POLICY manifests/a/promoter-manifest.yaml:5:1'),
      'UNKNOWN_KEY manifests/a/promoter-manifest.yaml:7:3'
    ])
  })

  it('validate --json accepts the block and counts as before', async () => {
    const withBlock = await write('cli/with.yaml', [
      ...REGISTRIES,
      'images:',
      ...IMAGES.map((l) => `  ${l}`),
      ...BLOCK
    ])
    const without = await write('cli/without.yaml', [
      ...REGISTRIES,
      'images:',
      ...IMAGES.map((l) => `  ${l}`)
    ])
    const json = async (file: string) => {
      let stdout = ''
      const io = { stdout: (t: string) => void (stdout += t), stderr: () => {}, cwd: dir, env: {} }
      expect(await main(['validate', '--manifest', file, '--json'], io)).toBe(0)
      return JSON.parse(stdout)
    }
    const expected = { manifests: 1, images: 1, digests: 1, edges: 1, errors: [], warnings: [] }
    expect(await json(withBlock)).toEqual(expected)
    expect(await json(without)).toEqual(expected)
  })
})
