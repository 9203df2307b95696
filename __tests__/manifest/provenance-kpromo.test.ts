// The `provenance:` block in kpromo v4.6's spelling (predicateTypes, builder objects with level
// and signers, a minimum level, identity/issuer signer keys, key signers) next to ours: read with
// exact values, and every new mistake reported where it is written.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadManifests } from '../../src/manifest/index.js'
import { at, digestOf } from './fixtures.js'

let dir: string
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'manifest-kpromo-'))))
afterAll(() => rm(dir, { recursive: true, force: true }))

const HEAD = [
  'registries:',
  '  - name: gcr.io/staging',
  '    src: true',
  '  - name: us-docker.pkg.dev/prod',
  'images:',
  '  - name: app',
  '    dmap:',
  `      "${digestOf('a')}": ["v1"]`
]

async function load(name: string, block: string[]) {
  await writeFile(join(dir, name), [...HEAD, ...block].join('\n') + '\n')
  return loadManifests({ manifest: join(dir, name) })
}

const HINT = 'ab'.repeat(32)
const SPO = 'https://github.com/kubernetes-sigs/security-profiles-operator'
const GENERATOR =
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0'
const ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'

describe("kpromo's spelling of the provenance block", () => {
  it('reads an sp-operator-like block with exact values', async () => {
    const set = await load('spo.yaml', [
      'provenance:',
      '  mode: require',
      '  level: 3',
      '  predicateTypes: ["https://slsa.dev/provenance/v1"]',
      '  sources: ["github.com/kubernetes-sigs/security-profiles-operator"]',
      '  signers:',
      `    - identity: "${SPO}/.github/workflows/release.yml@refs/heads/main"`,
      `      issuer: "${ACTIONS_ISSUER}"`,
      `    - key: "${HINT.toUpperCase()}"`,
      `    - identity: "key:${HINT}"`,
      '  builders:',
      `    - id: "${GENERATOR}"`,
      '      level: 3',
      '      signers:',
      '        - identityRegexp: "^https://github.com/slsa-framework/slsa-github-generator/"',
      '          issuerRegexp: "^https://token\\\\.actions\\\\.githubusercontent\\\\.com$"',
      '    - id: https://cloudbuild.googleapis.com/GoogleHostedWorker',
      '      level: 2',
      '    - id: https://builder.example/no-level',
      '    - https://github.com/actions/runner/github-hosted'
    ])
    expect(set.errors).toEqual([])
    expect(set.manifests[0]!.provenance).toEqual({
      mode: 'require',
      minLevel: 3,
      predicateTypes: ['https://slsa.dev/provenance/v1'],
      sources: ['github.com/kubernetes-sigs/security-profiles-operator'],
      signers: [
        {
          identity: `${SPO}/.github/workflows/release.yml@refs/heads/main`,
          issuer: ACTIONS_ISSUER
        },
        { identity: `key:${HINT}` },
        { identity: `key:${HINT}` }
      ],
      builders: ['https://github.com/actions/runner/github-hosted'],
      builderRules: [
        {
          id: GENERATOR,
          level: 3,
          signers: [
            {
              identityRegexp: '^https://github.com/slsa-framework/slsa-github-generator/',
              issuerRegexp: '^https://token\\.actions\\.githubusercontent\\.com$'
            }
          ]
        },
        { id: 'https://cloudbuild.googleapis.com/GoogleHostedWorker', level: 2 },
        { id: 'https://builder.example/no-level' }
      ],
      position: { file: 'spo.yaml', line: 9, column: 1 }
    })
  })

  it('reads level 0 and our predicate-types spelling alone', async () => {
    const set = await load('ours.yaml', ['provenance:', '  level: 0', '  predicate-types: []'])
    expect(set.errors).toEqual([])
    expect(set.manifests[0]!.provenance).toMatchObject({ minLevel: 0, predicateTypes: [] })
  })

  it('reports every new mistake at its position', async () => {
    const set = await load('bad.yaml', [
      'provenance:', // line 9
      '  predicateTypes: [a]',
      '  predicate-types: [b]',
      '  level: 5',
      '  builders:',
      '    - level: 3',
      '    - id: https://b.example',
      '      level: L3',
      '    - id: https://c.example',
      '      lvl: 3',
      '    - id: ""',
      '    - [nested]',
      '    - id: https://d.example',
      '      signers:',
      '        - identity: me@example.com',
      '  signers:', // line 24
      '    - identity: a@example.com',
      '      certificate-identity: a@example.com',
      '      issuer: https://issuer.example',
      '    - key: abc',
      '    - identity: key:zz',
      `    - key: ${HINT}`,
      '      issuer: https://issuer.example',
      `    - identity: key:${HINT}`,
      '      issuerRegexp: ".*"',
      '    - identityRegexp: "(bad"',
      '      issuer: https://issuer.example'
    ])
    const byLine = set.errors // sorted by position
    expect(byLine.map(at)).toEqual([
      'CONFLICTING_KEYS bad.yaml:11:3',
      'INVALID_PROVENANCE_LEVEL bad.yaml:12:10',
      'MISSING_BUILDER_ID bad.yaml:14:7',
      'INVALID_PROVENANCE_LEVEL bad.yaml:16:14',
      'UNKNOWN_KEY bad.yaml:18:7',
      'EMPTY_PROVENANCE_VALUE bad.yaml:19:11',
      'WRONG_TYPE bad.yaml:20:7',
      'INCOMPLETE_SIGNER bad.yaml:23:11',
      'CONFLICTING_KEYS bad.yaml:26:7',
      'INVALID_KEY_HINT bad.yaml:28:12',
      'INVALID_KEY_HINT bad.yaml:29:17',
      'CONFLICTING_KEYS bad.yaml:30:7',
      'CONFLICTING_KEYS bad.yaml:32:7',
      'INVALID_REGEXP bad.yaml:34:23'
    ])
    const message = (line: number) => byLine.find((e) => e.position.line === line)!.message
    expect(message(11)).toBe('provenance: write predicateTypes or predicate-types, not both')
    expect(message(12)).toBe('provenance level: expected an SLSA build level 0-4, got "5"')
    expect(message(14)).toBe('provenance builder: expected an id, got none')
    expect(message(16)).toBe('provenance builder level: expected an SLSA build level 0-4, got "L3"')
    expect(message(20)).toBe(
      'an entry of provenance builders: expected a builder id or a mapping {id, level, signers}, got a list'
    )
    expect(message(26)).toBe('provenance signer: write certificate-identity or identity, not both')
    expect(message(28)).toBe(
      `provenance signer key: expected the key's SHA-256 hint (64 hex digits), got "abc"`
    )
    expect(message(29)).toMatch(/^provenance signer identity: expected .* got "zz"$/)
    expect(message(30)).toBe('provenance signer: a key signer takes no other fields, got issuer')
    expect(message(32)).toBe(
      'provenance signer: a key signer takes no other fields, got issuerRegexp'
    )
    // A wrong entry leaves its whole list out, so nothing is half-allowed or half-trusted.
    expect(set.manifests[0]!.provenance).toEqual({
      position: { file: 'bad.yaml', line: 9, column: 1 }
    })
  })
})
