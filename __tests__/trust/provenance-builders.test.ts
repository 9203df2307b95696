// kpromo's builder rules on real signed SLSA provenance: a parsed kpromo `provenance:` block is
// the policy; builders below its minimum level, string builders under a level, and provenance
// signed by someone other than the builder's signers do not count; a key signer does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadManifests } from '../../src/manifest/index.js'
import { verifyProvenance, type ProvenanceSubject } from '../../src/trust/phases/provenance.js'
import { createKeyedSigner, keyHint } from '../../src/trust/signing/keyed-signer.js'
import { attachProvenance } from './provenance-helpers.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

const GENERATOR = 'https://github.com/slsa-framework/slsa-github-generator/container@v2'
const CLOUD = 'https://cloudbuild.googleapis.com/GoogleHostedWorker'
const HOSTED = 'https://github.com/actions/runner/github-hosted'
const CI = 'ci@example.com'

let env: TrustEnv
let dir: string
const digests: Record<string, string> = {}
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const hint = keyHint(keys.publicKey)
const repo = () => `${env.registry.host}/staging/builders`

beforeAll(async () => {
  ;[env, dir] = await Promise.all([startTrustEnv(), mkdtemp(join(tmpdir(), 'prov-builders-'))])
  const at = env.resolveStore(repo())
  const keyed = createKeyedSigner({
    privateKeyPEM: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  })
  const provenance = {
    gen: [env.keylessSigner(), GENERATOR],
    cloud: [env.keylessSigner(), CLOUD],
    byCi: [env.keylessSigner(CI), GENERATOR],
    hosted: [env.keylessSigner(), HOSTED],
    keyed: [keyed, GENERATOR]
  } as const
  for (const [name, [signer, builderId]] of Object.entries(provenance)) {
    digests[name] = await env.pushTestImage('staging/builders', `builders-${name}`)
    await attachProvenance(at, digests[name]!, { format: 'referrer', signer, builderId })
  }
})
afterAll(async () => {
  await env?.stop()
  await rm(dir, { recursive: true, force: true })
})

const signer = (identity: string) =>
  [`        - identity: ${identity}`, `          issuer: ${SIGNER_ISSUER}`].join('\n')

/** A kpromo-spelled block, parsed by the manifest layer as a run would. */
async function block(lines: string[]): Promise<ProvenanceSubject['policy']> {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`)
  const head = ['registries:', '  - name: gcr.io/s', '    src: true', 'images: []', 'provenance:']
  await writeFile(file, [...head, ...lines].join('\n') + '\n')
  const set = await loadManifests({ manifest: file })
  expect(set.errors).toEqual([])
  const { position: _position, ...policy } = set.manifests[0]!.provenance!
  return policy
}

async function verify(names: string[], policy: ProvenanceSubject['policy']) {
  const verdicts = await verifyProvenance({
    subjects: names.map((n) => ({
      repository: repo(),
      digest: digests[n]!,
      positions: [],
      policy
    })),
    resolveStore: env.resolveStore,
    policy: { mode: 'warn' },
    identity: { identity: SIGNER_ID, issuer: SIGNER_ISSUER },
    trustRoot: env.trustRoot(),
    trustedKeys: [keys.publicKey]
  })
  return Object.fromEntries(
    verdicts.map((v, i) => [names[i], [v.status, v.candidates[0]?.reason ?? '']])
  )
}

const RULES = [
  '  builders:',
  `    - id: ${GENERATOR}`,
  '      level: 3',
  '      signers:',
  signer(SIGNER_ID),
  `        - key: ${hint}`,
  `    - id: ${CLOUD}`,
  '      level: 2',
  `    - ${HOSTED}`,
  '  signers:',
  `    - {identity: ${SIGNER_ID}, issuer: ${SIGNER_ISSUER}}`,
  `    - {identity: ${CI}, issuer: ${SIGNER_ISSUER}}`,
  `    - identity: key:${hint}`
]

describe('builder rules and the minimum level', () => {
  it('level 3: only rules declaring 3+ count, and only for their signers', async () => {
    const policy = await block(['  mode: require', '  level: 3', ...RULES])
    expect(await verify(['gen', 'keyed', 'cloud', 'hosted', 'byCi'], policy)).toEqual({
      gen: ['verified', ''],
      keyed: ['verified', ''],
      cloud: ['missing', `builder "${CLOUD}" is SLSA build level 2, below the required level 3`],
      hosted: [
        'missing',
        `builder "${HOSTED}" has no declared SLSA build level; level 3 needs it listed as {id, level}`
      ],
      byCi: [
        'missing',
        `provenance naming builder "${GENERATOR}" is signed by "${CI}", not one of that builder's signers`
      ]
    })
  })

  it('without a level, string ids and rules are a union; rule signers still apply', async () => {
    const policy = await block(['  mode: require', ...RULES])
    const result = await verify(['cloud', 'hosted', 'byCi'], policy)
    expect(result).toMatchObject({ cloud: ['verified', ''], hosted: ['verified', ''] })
    expect(result.byCi![0]).toBe('missing')
  })

  it("with no top-level signers, the builders' signers are the trusted ones", async () => {
    const policy = await block([
      '  builders:',
      `    - id: ${GENERATOR}`,
      '      signers:',
      signer(CI)
    ])
    expect(await verify(['byCi', 'gen'], policy)).toEqual({
      byCi: ['verified', ''],
      gen: ['missing', `signed by "${SIGNER_ID}", not a trusted provenance signer`]
    })
  })
})
