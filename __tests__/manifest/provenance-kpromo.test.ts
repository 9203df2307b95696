// kpromo v4.6's provenance policy rules, case by case from its own tests (policy_test.go:
// TestPolicyValidate, TestPolicyValidateBuilderSigners, TestPolicyBuilderSigners) and its
// documented examples (docs/image-promotion.md "Provenance policies"), written as manifests:
// every kpromo-valid policy loads with its exact values, every refused one is refused with
// kpromo's message at the line it is about (values quoted as excerpts, as every message here).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadManifests } from '../../src/manifest/index.js'
import { quote } from '../../src/manifest/errors.js'
import { at, digestOf } from './fixtures.js'

let dir: string
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'manifest-kpromo-'))))
afterAll(() => rm(dir, { recursive: true, force: true }))

// kpromo's test constants.
const GENERATOR_BUILDER =
  'https://github.com/kubernetes-sigs/security-profiles-operator/.github/workflows/provenance.yml'
const GENERATOR_SIGNER = `sigstore::https://token.actions.githubusercontent.com::${GENERATOR_BUILDER}@refs/tags/v1.2.0`
const SELF_SIGNED = 'https://example.com/self-signed'
const SIGNER =
  'sigstore::https://accounts.google.com::sp-operator-sa@k8s-staging-images.iam.gserviceaccount.com'
const FOREIGN = 'sigstore::https://accounts.google.com::someone@example.com'
const BUILDER =
  'https://prow.k8s.io/job-history/gs/kubernetes-ci-logs/logs/post-security-profiles-operator-push-image'
const SOURCE = 'github.com/kubernetes-sigs/security-profiles-operator'

interface Builder {
  id: string
  level?: number
  signers?: string[]
}
interface Policy {
  mode?: string
  signers?: string[]
  builders?: (Builder | string)[]
  sources?: string[]
  predicateTypes?: string[]
  level?: number
  levels?: { images: string[]; level: number }[]
}

const q = (s: string) => JSON.stringify(s)

/** The policy as a block: one key per line, one list entry per line (line numbers are checkable). */
function blockOf(p: Policy): string[] {
  const lines = ['provenance:']
  if (p.mode !== undefined) lines.push(`  mode: ${q(p.mode)}`)
  const list = (key: string, items?: string[]) => {
    if (items === undefined) return
    lines.push(`  ${key}:`, ...items.map((i) => `    - ${q(i)}`))
  }
  list('signers', p.signers)
  if (p.builders) {
    lines.push('  builders:')
    for (const b of p.builders) {
      if (typeof b === 'string') lines.push(`    - ${q(b)}`)
      else
        lines.push(
          `    - {id: ${q(b.id)}${b.level === undefined ? '' : `, level: ${b.level}`}${b.signers ? `, signers: [${b.signers.map(q).join(', ')}]` : ''}}`
        )
    }
  }
  list('sources', p.sources)
  list('predicateTypes', p.predicateTypes)
  if (p.level !== undefined) lines.push(`  level: ${p.level}`)
  if (p.levels) {
    lines.push('  levels:')
    for (const l of p.levels)
      lines.push(`    - {images: [${l.images.map(q).join(', ')}], level: ${l.level}}`)
  }
  return lines
}

const HEAD = [
  'registries:',
  '  - name: us-central1-docker.pkg.dev/k8s-staging-images/sp-operator',
  '    src: true',
  '  - name: us-central1-docker.pkg.dev/k8s-artifacts-prod/images/security-profiles-operator',
  'images:',
  '  - name: spoc',
  '    dmap:',
  `      "${digestOf('a')}": ["v1"]`
] // the block starts at line 9

let n = 0
async function load(lines: string[]) {
  const file = join(dir, `m${n++}.yaml`)
  await writeFile(file, [...HEAD, ...lines].join('\n') + '\n')
  return loadManifests({ manifest: file })
}

const valid = (mode: string): Policy => ({
  mode,
  signers: [SIGNER],
  builders: [{ id: BUILDER, level: 3 }],
  sources: [SOURCE]
})

/** kpromo's boundBuilderPolicy. */
const bound = (builders: Builder[], level?: number): Policy => ({
  mode: 'require',
  signers: [SIGNER, GENERATOR_SIGNER],
  builders,
  sources: [SOURCE],
  level
})
const BOUND = [
  { id: SELF_SIGNED, level: 1 },
  { id: GENERATOR_BUILDER, level: 3, signers: [GENERATOR_SIGNER] }
]

describe('kpromo TestPolicyValidate: accepted', () => {
  const accepted: [string, string[]][] = [
    ['empty policy is off', ['provenance: {}']],
    ['off policy needs no expectations', blockOf({ mode: 'off' })],
    ['"" is off', blockOf({ mode: '' })],
    ['warn', blockOf(valid('warn'))],
    ['require', blockOf(valid('require'))],
    [
      'regexp signer and all fields',
      blockOf({
        mode: 'require',
        signers: [
          'sigstore(identityMatch=regex)::https://accounts.google.com::.*@k8s-staging-images\\.iam\\.gserviceaccount\\.com'
        ],
        builders: [{ id: BUILDER, level: 3 }],
        sources: [SOURCE],
        predicateTypes: ['https://spdx.dev/Document'],
        level: 2
      })
    ],
    ['a builder bound to its signer reaches level 3', blockOf(bound(BOUND, 3))]
  ]
  it.each(accepted)('%s', async (_name, block) => {
    const set = await load(block)
    expect(set.errors).toEqual([])
  })

  it('reads the policy with its exact values (signers as written, regexps whole-identity)', async () => {
    const set = await load(
      blockOf({ ...bound(BOUND, 3), predicateTypes: ['https://spdx.dev/Document'] })
    )
    expect(set.errors).toEqual([])
    expect(set.manifests[0]!.provenance).toEqual({
      mode: 'require',
      signers: [
        {
          spec: SIGNER,
          issuer: 'https://accounts.google.com',
          identity: 'sp-operator-sa@k8s-staging-images.iam.gserviceaccount.com'
        },
        {
          spec: GENERATOR_SIGNER,
          issuer: 'https://token.actions.githubusercontent.com',
          identity: `${GENERATOR_BUILDER}@refs/tags/v1.2.0`
        }
      ],
      builderRules: [
        { id: SELF_SIGNED, level: 1 },
        {
          id: GENERATOR_BUILDER,
          level: 3,
          signers: [expect.objectContaining({ spec: GENERATOR_SIGNER })]
        }
      ],
      sources: [SOURCE],
      predicateTypes: ['https://spdx.dev/Document'],
      minLevel: 3,
      position: { file: 'm7.yaml', line: 9, column: 1 }
    })
    const regexp = await load(
      blockOf({
        ...valid('warn'),
        signers: ['sigstore(identityMatch=regex)::https://accounts.google.com::.*@example\\.com']
      })
    )
    expect(regexp.manifests[0]!.provenance!.signers).toEqual([
      {
        spec: 'sigstore(identityMatch=regex)::https://accounts.google.com::.*@example\\.com',
        issuer: 'https://accounts.google.com',
        identityRegexp: '^(?:.*@example\\.com)$'
      }
    ])
  })

  it('a policy without a mode is off, and says so when it declares anything (a warning)', async () => {
    const set = await load(blockOf({ ...valid('require'), mode: undefined }))
    expect(set.errors).toEqual([])
    expect(set.manifests[0]!.provenance!.mode).toBe('off')
    expect(set.warnings.map((w) => [at(w), w.message])).toEqual([
      ['PROVENANCE_POLICY_OFF m9.yaml:9:1', 'provenance: the policy is off, set a mode to check it']
    ])
  })
})

describe('kpromo TestPolicyValidate and TestPolicyValidateBuilderSigners: refused', () => {
  // [name, policy, kpromo's message, code, line]
  const refused: [string, Policy, string, string, number][] = [
    [
      'unknown mode',
      { mode: 'enforce' },
      'provenance: mode must be "off", "warn" or "require", got "enforce"',
      'INVALID_PROVENANCE_MODE',
      10
    ],
    [
      'invalid signer',
      { ...valid('warn'), signers: ['not-a-spec'] },
      'provenance: invalid signer "not-a-spec"',
      'INVALID_SIGNER',
      12
    ],
    [
      'signer without identity',
      { ...valid('warn'), signers: ['sigstore(issuerMatch=exact)::https://accounts.google.com::'] },
      'the identity must not be empty',
      'INVALID_SIGNER',
      12
    ],
    [
      'signer without issuer',
      { ...valid('warn'), signers: ['sigstore::::me@example.com'] },
      'the issuer must not be empty',
      'INVALID_SIGNER',
      12
    ],
    [
      'key signer',
      { ...valid('warn'), signers: ['key::ecdsa::abc'] },
      'only sigstore signers are supported',
      'INVALID_SIGNER',
      12
    ],
    [
      'require without expectations',
      { mode: 'require' },
      'provenance: at least one signer is required',
      'INCOMPLETE_PROVENANCE_POLICY',
      9
    ],
    [
      'require without builders',
      { ...valid('require'), builders: undefined },
      'provenance: at least one builder is required',
      'INCOMPLETE_PROVENANCE_POLICY',
      9
    ],
    [
      'require without sources',
      { ...valid('require'), sources: undefined },
      'provenance: at least one source is required',
      'INCOMPLETE_PROVENANCE_POLICY',
      9
    ],
    [
      'source with ref',
      { ...valid('require'), sources: [`${SOURCE}@refs/heads/main`] },
      `provenance: source "${SOURCE}@refs/heads/main" must not carry a ref`,
      'INVALID_PROVENANCE_SOURCE',
      16
    ],
    [
      'empty source',
      { ...valid('require'), sources: [' '] },
      'provenance: sources must not be empty',
      'INVALID_PROVENANCE_SOURCE',
      16
    ],
    [
      'empty builder',
      { ...valid('require'), builders: [{ id: ' ', level: 3 }] },
      'provenance: builder IDs must not be empty',
      'INVALID_BUILDER',
      14
    ],
    [
      'empty predicate type',
      { ...valid('require'), predicateTypes: [''] },
      'provenance: predicateTypes must not be empty',
      'EMPTY_PROVENANCE_VALUE',
      18
    ],
    [
      'level too high',
      { ...valid('require'), level: 4 },
      'provenance: level must be between 2 and 3, got 4',
      'INVALID_PROVENANCE_LEVEL',
      17
    ],
    [
      'level 1 would not enforce the builders',
      { ...valid('require'), level: 1 },
      'provenance: level must be between 2 and 3, got 1',
      'INVALID_PROVENANCE_LEVEL',
      17
    ],
    [
      'level above the lowest builder',
      {
        ...valid('require'),
        builders: [
          { id: BUILDER, level: 3 },
          { id: SELF_SIGNED, level: 1 }
        ],
        level: 2
      },
      'provenance: level 2 is above 1, the highest level provenance can verify at with these builders',
      'INVALID_PROVENANCE_LEVEL',
      18
    ],
    [
      'builder without a level',
      { ...valid('require'), builders: [{ id: BUILDER }] },
      `provenance: builder ${quote(BUILDER)} needs a level between 1 and 3, got 0`,
      'INVALID_BUILDER',
      14
    ],
    [
      'builder level too high',
      { ...valid('require'), builders: [{ id: BUILDER, level: 4 }] },
      `needs a level between 1 and 3, got 4`,
      'INVALID_BUILDER',
      14
    ],
    [
      'builder given as a plain id',
      { ...valid('require'), builders: [BUILDER] },
      `provenance: builder ${quote(BUILDER)} needs a level, as {id: ${quote(BUILDER)}, level: <1-3>}`,
      'INVALID_BUILDER',
      14
    ],
    [
      "signer that isn't a policy signer",
      bound([{ id: GENERATOR_BUILDER, level: 3, signers: [FOREIGN] }]),
      `provenance: signer ${quote(FOREIGN)} of builder ${quote(GENERATOR_BUILDER)} must be one of the policy signers`,
      'INVALID_BUILDER',
      15
    ],
    [
      'empty builder signer',
      bound([{ id: GENERATOR_BUILDER, level: 3, signers: [''] }]),
      'must be one of the policy signers',
      'INVALID_BUILDER',
      15
    ],
    [
      'same builder twice',
      bound([
        { id: SELF_SIGNED, level: 1 },
        { id: SELF_SIGNED, level: 1 }
      ]),
      `provenance: builder "${SELF_SIGNED}" is listed more than once`,
      'INVALID_BUILDER',
      16
    ],
    [
      'same builder with and without signers',
      bound([
        { id: GENERATOR_BUILDER, level: 1 },
        { id: GENERATOR_BUILDER, level: 3, signers: [GENERATOR_SIGNER] }
      ]),
      'is listed more than once',
      'INVALID_BUILDER',
      16
    ],
    [
      'builder without signers at any ref',
      bound([
        { id: GENERATOR_BUILDER, level: 1 },
        { id: `${GENERATOR_BUILDER}@refs/tags/v1.2.0`, level: 3, signers: [GENERATOR_SIGNER] }
      ]),
      `provenance: builders ${quote(GENERATOR_BUILDER)} and ${quote(`${GENERATOR_BUILDER}@refs/tags/v1.2.0`)} overlap, but only one of them names signers`,
      'INVALID_BUILDER',
      16
    ],
    [
      'builder with signers at any ref',
      bound([
        { id: `${GENERATOR_BUILDER}@refs/heads/main`, level: 1 },
        { id: GENERATOR_BUILDER, level: 3, signers: [GENERATOR_SIGNER] }
      ]),
      'overlap, but only one of them names signers',
      'INVALID_BUILDER',
      16
    ],
    [
      'level 3 without a bound builder',
      { ...bound(BOUND.map((b) => ({ ...b, signers: undefined }))), level: 3 },
      'provenance: level 3 is above 1, the highest level provenance can verify at with these builders',
      'INVALID_PROVENANCE_LEVEL',
      19
    ],
    [
      'levels entry without images',
      { ...valid('require'), levels: [{ images: [], level: 3 }] },
      'provenance: every entry of levels needs at least one image',
      'INVALID_IMAGE_LEVEL',
      18
    ],
    [
      'empty levels pattern',
      { ...valid('require'), levels: [{ images: [''], level: 3 }] },
      'provenance: image patterns of levels must not be empty',
      'INVALID_IMAGE_LEVEL',
      18
    ],
    [
      'malformed levels pattern',
      { ...valid('require'), levels: [{ images: ['charts/[a-'], level: 3 }] },
      'provenance: invalid image pattern "charts/[a-" in levels: syntax error in pattern',
      'INVALID_IMAGE_LEVEL',
      18
    ],
    [
      'levels pattern with a leading /',
      { ...valid('require'), levels: [{ images: ['/spoc'], level: 3 }] },
      'provenance: image pattern "/spoc" in levels must not start or end with a /',
      'INVALID_IMAGE_LEVEL',
      18
    ],
    [
      'levels entry at level 1',
      { ...valid('require'), levels: [{ images: ['spoc', 'charts/*'], level: 1 }] },
      'provenance: levels of spoc, charts/* must be between 2 and 3, got 1',
      'INVALID_IMAGE_LEVEL',
      18
    ],
    [
      'levels entry above the builders',
      {
        ...valid('require'),
        builders: [{ id: BUILDER, level: 2 }],
        levels: [{ images: ['spoc'], level: 3 }]
      },
      'provenance: level 3 of spoc is above 2, the highest level provenance can verify at with these builders',
      'INVALID_IMAGE_LEVEL',
      18
    ]
  ]
  it.each(refused)('%s', async (_name, policy, message, code, line) => {
    const set = await load(blockOf(policy))
    expect(set.errors.map((e) => e.message)).toContainEqual(expect.stringContaining(message))
    const error = set.errors.find((e) => e.message.includes(message))!
    expect(error.code).toBe(code)
    expect(error.position.line).toBe(line)
    expect(error.hint).toBeTruthy()
  })
})

describe('kpromo TestPolicyValidateBuilderSigners: accepted', () => {
  it.each([
    [
      'overlapping builders without signers',
      [
        { id: GENERATOR_BUILDER, level: 1 },
        { id: `${GENERATOR_BUILDER}@refs/heads/main`, level: 1 }
      ]
    ],
    [
      'builders that only share a prefix',
      [
        { id: GENERATOR_BUILDER, level: 1 },
        { id: `${GENERATOR_BUILDER}2`, level: 3, signers: [GENERATOR_SIGNER] }
      ]
    ]
  ] as [string, Builder[]][])('%s', async (_name, builders) => {
    const set = await load(blockOf(bound(builders)))
    expect(set.errors).toEqual([])
  })

  it('per-image levels load, and one at or below the policy level is a warning', async () => {
    const set = await load(
      blockOf({
        ...bound(BOUND, 2),
        levels: [
          { images: ['spoc'], level: 3 },
          { images: ['charts/*'], level: 2 }
        ]
      })
    )
    expect(set.errors).toEqual([])
    expect(set.manifests[0]!.provenance!.levels).toEqual([
      { images: ['spoc'], level: 3 },
      { images: ['charts/*'], level: 2 }
    ])
    expect(set.warnings.map((w) => w.message)).toEqual([
      'provenance: level 2 of charts/* requires nothing beyond the policy level 2'
    ])
  })
})

describe('kpromo documented examples (docs/image-promotion.md)', () => {
  it('the security-profiles-operator policy, and its bound provenance generator', async () => {
    const plain = await load([
      'provenance:',
      '  mode: require',
      '  signers:',
      '  - sigstore::https://accounts.google.com::sp-operator-sa@k8s-staging-images.iam.gserviceaccount.com',
      '  builders:',
      '  - id: https://cloudbuild.googleapis.com/projects/k8s-staging-images/serviceAccounts/sp-operator-sa@k8s-staging-images.iam.gserviceaccount.com/cloudbuild.yaml',
      '    level: 1',
      '  sources:',
      '  - github.com/kubernetes-sigs/security-profiles-operator',
      '  predicateTypes:',
      '  - https://spdx.dev/Document'
    ])
    expect(plain.errors).toEqual([])
    const regexpSigner =
      'sigstore(identityMatch=regex)::https://token.actions.githubusercontent.com::https://github\\.com/kubernetes-sigs/security-profiles-operator/\\.github/workflows/provenance\\.yml@refs/tags/v[0-9.]+'
    const generator = await load([
      'provenance:',
      '  mode: require',
      '  signers:',
      '  - sigstore::https://accounts.google.com::sp-operator-sa@k8s-staging-images.iam.gserviceaccount.com',
      `  - ${regexpSigner}`,
      '  builders:',
      '  - id: https://cloudbuild.googleapis.com/projects/k8s-staging-images/serviceAccounts/sp-operator-sa@k8s-staging-images.iam.gserviceaccount.com/cloudbuild.yaml',
      '    level: 1',
      '  - id: https://github.com/kubernetes-sigs/security-profiles-operator/.github/workflows/provenance.yml',
      '    level: 3',
      '    signers:',
      `    - ${regexpSigner}`,
      '  sources:',
      '  - github.com/kubernetes-sigs/security-profiles-operator',
      '  level: 3'
    ])
    expect(generator.errors).toEqual([])
    const rules = generator.manifests[0]!.provenance!.builderRules!
    expect(rules[1]!.signers).toEqual([
      {
        spec: regexpSigner,
        issuer: 'https://token.actions.githubusercontent.com',
        identityRegexp:
          '^(?:https://github\\.com/kubernetes-sigs/security-profiles-operator/\\.github/workflows/provenance\\.yml@refs/tags/v[0-9.]+)$'
      }
    ])
  })
})

describe('our extensions load next to kpromo signer strings, and mean what they say', () => {
  it('mapping and key signers (documented extensions); kpromo-only keys stay exact', async () => {
    const hint = 'ab'.repeat(32)
    const set = await load([
      'provenance:',
      '  mode: warn',
      '  signers:',
      `    - ${q(SIGNER)}`,
      '    - identity: https://github.com/org/repo/.github/workflows/build.yml@refs/heads/main',
      '      issuer: https://token.actions.githubusercontent.com',
      `    - key: ${hint}`,
      '  builders:',
      `    - {id: ${q(BUILDER)}, level: 2}`,
      `  sources: [${q(SOURCE)}]`
    ])
    expect(set.errors).toEqual([])
    expect(set.manifests[0]!.provenance!.signers).toEqual([
      expect.objectContaining({ spec: SIGNER }),
      {
        identity: 'https://github.com/org/repo/.github/workflows/build.yml@refs/heads/main',
        issuer: 'https://token.actions.githubusercontent.com'
      },
      { identity: `key:${hint}` }
    ])
  })

  it('our old spellings are refused: predicate-types, and a block-wide level of 4', async () => {
    const set = await load([
      'provenance:',
      '  mode: warn',
      '  predicate-types: ["https://slsa.dev/provenance/v1"]'
    ])
    expect(set.errors.map(at)).toContain('UNKNOWN_KEY m' + (n - 1) + '.yaml:11:3')
  })
})

describe("the newest kpromo's builder caller constraints (after v4.6)", () => {
  it('are refused by name at the key, so the policy never loads half-enforced', async () => {
    const set = await load([
      'provenance:',
      '  mode: require',
      `  signers: [${q(GENERATOR_SIGNER)}]`,
      '  builders:',
      `    - id: ${q(GENERATOR_BUILDER)}`,
      '      level: 3',
      '      caller:',
      '        workflows: [.github/workflows/release.yml]',
      '        refs: ["refs/tags/v*"]',
      `  sources: [${q(SOURCE)}]`
    ])
    const caller = set.errors.find((e) => e.code === 'INVALID_BUILDER')
    expect(caller && [caller.position.line, caller.message]).toEqual([
      15,
      'provenance: builder caller constraints are not supported: they are newer than kpromo v4.6, whose policies image-promoter reads'
    ])
    expect(caller!.hint).toContain('signers:')
    expect(set.errors.map((e) => e.code)).not.toContain('UNKNOWN_KEY')
  })
})

describe('manifests sharing a source registry (kpromo ProvenancePolicies)', () => {
  async function thin(name: string, a: string[], b: string[], srcB = 'gcr.io/staging') {
    const write = async (path: string, lines: string[]) => {
      const file = join(dir, name, path)
      await mkdir(dirname(file), { recursive: true })
      await writeFile(file, lines.join('\n') + '\n')
    }
    const regs = (src: string) => [
      'registries:',
      `  - name: ${src}`,
      '    src: true',
      '  - name: gcr.io/prod'
    ]
    await write('manifests/a/promoter-manifest.yaml', [...regs('gcr.io/staging'), ...a])
    await write('manifests/b/promoter-manifest.yaml', [...regs(srcB), ...b])
    for (const d of ['a', 'b'])
      await write(`images/${d}/images.yaml`, [
        `- name: ${d}`,
        '  dmap:',
        `    "${digestOf(d)}": ["v1"]`
      ])
    return loadManifests({ thinManifestDir: join(dir, name) })
  }
  const policy = valid('require')

  it('different policies for one source registry are an error at the later manifest', async () => {
    const set = await thin('conflict', blockOf(policy), blockOf({ ...policy, mode: 'warn' }))
    expect(set.errors.map((e) => [at(e), e.message])).toEqual([
      [
        'CONFLICTING_PROVENANCE_POLICIES manifests/b/promoter-manifest.yaml:5:1',
        'manifests manifests/a/promoter-manifest.yaml and manifests/b/promoter-manifest.yaml declare different provenance policies for source registry gcr.io/staging'
      ]
    ])
    const missing = await thin('conflict-missing', blockOf(policy), [], 'GCR.io/staging/')
    expect(missing.errors.map((e) => e.code)).toEqual(['CONFLICTING_PROVENANCE_POLICIES'])
  })

  it('the same policy in another order, and off next to none, are the same policy', async () => {
    const reordered = {
      ...policy,
      signers: [FOREIGN, SIGNER],
      sources: [SOURCE, 'github.com/other/repo']
    }
    const set = await thin(
      'same',
      blockOf({
        ...reordered,
        signers: [SIGNER, FOREIGN],
        sources: ['github.com/other/repo', SOURCE]
      }),
      blockOf(reordered)
    )
    expect(set.errors).toEqual([])
    const off = await thin('off', blockOf({ mode: 'off' }), [])
    expect(off.errors).toEqual([])
    const elsewhere = await thin('elsewhere', blockOf(policy), [], 'gcr.io/other')
    expect(elsewhere.errors).toEqual([])
  })

  it('a levels pattern that matches no image of the source registry is a warning (thin)', async () => {
    const set = await thin(
      'unmatched',
      blockOf({ ...policy, levels: [{ images: ['a', 'nope/*'], level: 3 }] }),
      blockOf({ ...policy, levels: [{ images: ['a', 'nope/*'], level: 3 }] })
    )
    expect(set.errors).toEqual([])
    expect(set.warnings.map((w) => w.message)).toContain(
      'Provenance policy of manifests/a/promoter-manifest.yaml: the levels patterns nope/* match no image of its source registry'
    )
  })
})
