// kpromo v4.6's builder rules on real signed SLSA provenance (evaluate.go, TestPolicyBuilderSigners):
// a parsed kpromo `provenance:` block is the policy; a signer bound to builders may claim only
// those, other signers only the unbound ones; provenance verifies at the lowest level of the
// builders its signer may claim, and not below the policy level or the image's `levels:` entry;
// required predicate types must be attested too. Our key signer (extension) claims like any other.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadManifests } from '../../src/manifest/index.js'
import { manifestPolicy } from '../../src/pipeline/trust-subjects.js'
import { verifyProvenance, type ApplicablePolicy } from '../../src/trust/phases/provenance.js'
import type { ProvenancePolicy } from '../../src/trust/phases/provenance-policy.js'
import { createKeyedSigner, keyHint } from '../../src/trust/signing/keyed-signer.js'
import { attachProvenance } from './provenance-helpers.js'
import { SIGNER_ID, SIGNER_ISSUER, startTrustEnv, type TrustEnv } from './trust-env.js'

const GENERATOR_ID = 'https://github.com/slsa-framework/slsa-github-generator/container'
const GENERATOR = `${GENERATOR_ID}@v2`
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

const spec = (identity: string) => `sigstore::${SIGNER_ISSUER}::${identity}`

/** A kpromo block, parsed by the manifest layer and converted as a run does. */
async function block(lines: string[]): Promise<ProvenancePolicy> {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`)
  const head = ['registries:', '  - name: gcr.io/s', '    src: true', 'images: []', 'provenance:']
  await writeFile(file, [...head, ...lines].join('\n') + '\n')
  const set = await loadManifests({ manifest: file })
  expect(set.errors).toEqual([])
  return manifestPolicy(set.manifests[0]!.provenance)!
}

async function verify(
  names: string[],
  policy: ProvenancePolicy,
  over: Partial<ApplicablePolicy> = {}
) {
  const verdicts = await verifyProvenance({
    subjects: names.map((n) => ({
      repository: repo(),
      digest: digests[n]!,
      positions: [],
      policies: [{ policy, image: 'builders', ...over }]
    })),
    resolveStore: env.resolveStore,
    policy: { mode: 'warn' },
    identity: { identity: SIGNER_ID, issuer: SIGNER_ISSUER },
    trustRoot: env.trustRoot(),
    trustedKeys: [keys.publicKey]
  })
  return Object.fromEntries(
    verdicts.map((v, i) => [
      names[i],
      [
        v.status,
        v.slsaLevel ?? 0,
        v.status === 'verified' ? '' : (v.candidates[0]?.reason ?? v.message)
      ]
    ])
  )
}

/** kpromo's boundBuilderPolicy: a self-signed level 1 builder, a level 3 one only CI may claim. */
const BOUND = [
  '  signers:',
  `    - "${spec(SIGNER_ID)}"`,
  `    - "${spec(CI)}"`,
  '  builders:',
  `    - {id: "${CLOUD}", level: 1}`,
  `    - {id: "${GENERATOR_ID}", level: 3, signers: ["${spec(CI)}"]}`,
  '  sources: [github.com/example/app]'
]

describe("kpromo's bound builders and levels", () => {
  it('a bound signer claims only its builder (at its level); the others only the unbound ones', async () => {
    const policy = await block(['  mode: require', ...BOUND])
    expect(await verify(['byCi', 'cloud', 'gen', 'hosted'], policy)).toEqual({
      byCi: ['verified', 3, ''],
      cloud: ['verified', 1, ''],
      gen: [
        'missing',
        0,
        `builder "${GENERATOR}" is not one of the builders its signer may claim (${CLOUD})`
      ],
      hosted: [
        'missing',
        0,
        `builder "${HOSTED}" is not one of the builders its signer may claim (${CLOUD})`
      ]
    })
  })

  it('the policy level: provenance whose signer may claim only lower builders does not count', async () => {
    const policy = await block(['  mode: require', '  level: 3', ...BOUND])
    expect(await verify(['byCi', 'cloud'], policy)).toEqual({
      byCi: ['verified', 3, ''],
      cloud: [
        'missing',
        0,
        `its signer may claim builders ${CLOUD}, which reach SLSA build level 1, the policy requires 3`
      ]
    })
  })

  it("an image's levels entry: level 1 provenance counts but the image fails in require, warns in warn", async () => {
    const policy = await block([
      '  mode: require',
      '  levels: [{images: [builders], level: 3}]',
      ...BOUND
    ])
    expect(await verify(['byCi', 'cloud'], policy, { requiredLevel: 3 })).toEqual({
      byCi: ['verified', 3, ''],
      cloud: ['rejected', 0, ''].map((v, i) => (i === 2 ? expect.any(String) : v))
    })
    const [cloud] = await verifyProvenance({
      subjects: [
        {
          repository: repo(),
          digest: digests.cloud!,
          positions: [],
          policies: [{ policy: { ...policy, mode: 'warn' }, image: 'builders', requiredLevel: 3 }]
        }
      ],
      resolveStore: env.resolveStore,
      policy: { mode: 'off' },
      identity: { identity: SIGNER_ID, issuer: SIGNER_ISSUER },
      trustRoot: env.trustRoot()
    })
    expect(cloud).toMatchObject({ status: 'rejected', blocking: false })
    expect(cloud!.message).toBe(
      `provenance of ${repo()}@${digests.cloud} verifies at SLSA build level 1, the policy requires 3 for builders`
    )
    expect(cloud!.warnings).toContain(cloud!.message)
  })

  it('sources compare as repositories (scheme, .git and ref aside); others do not count', async () => {
    const other = await block([
      '  mode: require',
      ...BOUND.slice(0, -1),
      '  sources: [github.com/other/app]'
    ])
    expect((await verify(['cloud'], other)).cloud![2]).toBe(
      'source "https://github.com/example/app" is not in the allowed sources'
    )
  })

  it('required predicateTypes must be attested by a policy signer too', async () => {
    const policy = await block([
      '  mode: require',
      '  predicateTypes: [https://spdx.dev/Document]',
      ...BOUND
    ])
    const result = await verify(['byCi'], policy)
    expect(result.byCi).toEqual([
      'rejected',
      0,
      `no attestation of type https://spdx.dev/Document about ${digests.byCi} signed by a trusted signer`
    ])
  })

  it('our key signer (extension) claims the unbound builders like any signer', async () => {
    const policy = await block([
      '  mode: require',
      '  signers:',
      `    - key: ${hint}`,
      '  builders:',
      `    - {id: "${GENERATOR_ID}", level: 2}`,
      '  sources: [github.com/example/app]'
    ])
    expect(await verify(['keyed', 'gen'], policy)).toEqual({
      keyed: ['verified', 2, ''],
      gen: ['missing', 0, `signed by "${SIGNER_ID}", not a trusted provenance signer`]
    })
  })
})
