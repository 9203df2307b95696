// Crash: the CLI is SIGKILLed at 10 points of a promotion (chosen by how many writes the
// registry has answered, spread over promote, sign and attest); each re-run completes, and the
// result is whole: every tag at its digest, one signature per digest, one attestation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RegistryClient } from '../../src/oci/registry/index.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { seedWorkload, writeThinManifests, type SeededImage } from '../harness/seed.js'
import { spawnCli } from './crash-child.js'
import { recordResult, since } from './results.js'
import { expectNoSecrets, secretsOf } from './secrets.js'

/** Where to kill: a phase, and how many writes into it. */
const KILL_POINTS: [string, number][] = [
  ['promote', 1],
  ['promote', 10],
  ['promote', 30],
  ['promote', 60],
  ['sign', 1],
  ['sign', 4],
  ['sign', 10],
  ['attest', 1],
  ['attest', 3],
  ['attest', 6]
]
const PASSWORD = 'crash-Pa55word-never-printed'
const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjcmFzaC1vaWRjIn0.Y3Jhc2gtc2lnbmF0dXJl'
const SECRETS = secretsOf({ username: 'testuser', password: PASSWORD, tokens: [OIDC_TOKEN] })
const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE'])
let registry: TestRegistry
let images: SeededImage[]
let imagesYaml: string
let dir: string

beforeAll(async () => {
  registry = await startRegistry({ auth: 'htpasswd', password: PASSWORD })
  ;({ images, imagesYaml } = await seedWorkload(registry, {
    prefix: 'staging',
    repositories: 3,
    imagesPerRepository: 2,
    seed: 'crash'
  }))
  dir = mkdtempSync(join(tmpdir(), 'crash-'))
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  writeFileSync(
    join(dir, 'key.pem'),
    privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  )
  mkdirSync(join(dir, 'docker'))
  const auth = Buffer.from(`testuser:${PASSWORD}`).toString('base64')
  writeFileSync(
    join(dir, 'docker/config.json'),
    JSON.stringify({ auths: { [registry.host]: { auth } } })
  )
})

const ENV = () => ({ DOCKER_CONFIG: join(dir, 'docker'), SIGSTORE_ID_TOKEN: OIDC_TOKEN })
afterAll(async () => registry?.stop())

/** A thin-manifest directory promoting the workload to `prod-<name>`. */
function manifestsFor(name: string): string {
  const root = join(dir, name)
  writeThinManifests(root, {
    sub: 'crash',
    src: `${registry.host}/staging`,
    dests: [`${registry.host}/prod-${name}`],
    imagesYaml
  })
  return root
}

const RUN = (root: string) => [
  'run',
  '--thin-manifest-dir',
  root,
  '--confirm',
  '--provenance',
  'off',
  '--signing-key',
  join(dir, 'key.pem'),
  '--json'
]

async function writesSince(mark: number): Promise<number> {
  return (await registry.accessLog.entries(mark)).filter((e) => WRITES.has(e.method)).length
}

/** Run to completion; returns the writes it made. */
async function runToEnd(
  root: string
): Promise<{ code: number | null; writes: number; output: string }> {
  const mark = await registry.accessLog.mark()
  const cli = spawnCli(RUN(root), dir, ENV())
  const code = await cli.exited
  expectNoSecrets(cli.output(), SECRETS)
  return { code, writes: await writesSince(mark), output: cli.output() }
}

/** Start a run and SIGKILL it once the registry has answered `afterWrites` writes. */
/** The phase the CLI last announced on stderr (`phase <name>` lines). */
function currentPhase(output: string): string {
  const phases = [...output.matchAll(/^phase (\w+)/gm)].map((m) => m[1]!)
  return phases.at(-1) ?? 'setup'
}

/** Start a run and SIGKILL it once `afterWrites` writes were answered within `phase`. */
async function killAt(
  root: string,
  phase: string,
  afterWrites: number
): Promise<{ killedAt: number; exited: boolean }> {
  const mark = await registry.accessLog.mark()
  const cli = spawnCli(RUN(root), dir, ENV())
  let done = false
  void cli.exited.then(() => (done = true))
  let phaseStart: number | undefined
  for (;;) {
    const writes = await writesSince(mark)
    if (done) return { killedAt: writes, exited: true }
    if (phaseStart === undefined && currentPhase(cli.output()) === phase) phaseStart = writes
    if (phaseStart !== undefined && writes - phaseStart >= afterWrites) {
      cli.child.kill('SIGKILL')
      await cli.exited
      expectNoSecrets(cli.output(), SECRETS)
      return { killedAt: writes, exited: false }
    }
    await new Promise((r) => setTimeout(r, 5))
  }
}

async function checkWhole(name: string): Promise<{ sigLayers: number[]; referrers: number[] }> {
  const client = new RegistryClient({
    credentials: { [registry.host]: { username: 'testuser', password: PASSWORD } }
  })
  const store = client.store(registry.host)
  const sigLayers: number[] = []
  const referrers: number[] = []
  try {
    for (const image of images) {
      const repo = `prod-${name}/${image.name}`
      for (const tag of image.tags)
        expect((await store.manifestHead(repo, tag))?.digest).toBe(image.digest)
      const sig = await store.manifestGet(repo, `${image.digest.replace(':', '-')}.sig`)
      sigLayers.push(
        (JSON.parse(Buffer.from(sig.bytes).toString()) as { layers: unknown[] }).layers.length
      )
      referrers.push((await store.referrersList(repo, image.digest)).length)
    }
  } finally {
    await client.close()
  }
  return { sigLayers, referrers }
}

describe('crash and re-run', () => {
  it(`a run killed at ${KILL_POINTS.length} points always completes on re-run, with nothing duplicated`, async () => {
    const started = performance.now()
    const reference = await runToEnd(manifestsFor('reference'))
    if (reference.code !== 0)
      throw new Error(`reference run exited ${reference.code}:\n${reference.output}`)
    const points: unknown[] = []
    for (const [k, [phase, writesIn]] of KILL_POINTS.entries()) {
      const name = `kill-${k}`
      const root = manifestsFor(name)
      const kill = await killAt(root, phase, writesIn)
      if (kill.exited) throw new Error(`the run ended before ${writesIn} writes into ${phase}`)
      const rerun = await runToEnd(root)
      const whole = await checkWhole(name)
      points.push({
        phase,
        writesIntoPhase: writesIn,
        killedAtWrite: kill.killedAt,
        rerunCode: rerun.code,
        rerunWrites: rerun.writes
      })
      if (rerun.code !== 0)
        throw new Error(
          `re-run after kill ${k} exited ${rerun.code}:\n${rerun.output.slice(-3000)}`
        )
      expect(new Set(whole.sigLayers)).toEqual(new Set([1]))
      expect(new Set(whole.referrers)).toEqual(new Set([1]))
      const again = await runToEnd(root)
      expect(again.writes).toBe(0)
    }
    recordResult('crash', { ms: since(started), referenceWrites: reference.writes, points })
  })
})
