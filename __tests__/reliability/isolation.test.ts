// Isolation (and secrets): 50 edges through the CLI, of which one source is lost, one tag
// conflicts and one repository cannot be read. The other 47 are promoted, the three are reported
// at their manifest lines, the exit code is 1 — and the registry password, its Basic header and
// an OIDC token in the environment appear in none of the CLI's output or its JSON report.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.js'
import { runPromotion } from '../../src/pipeline/run.js'
import { buildImage } from '../harness/images.js'
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, seedWorkload, writeThinManifests } from '../harness/seed.js'
import { recordResult, since } from './results.js'
import { expectNoSecrets, secretsOf } from './secrets.js'

const PASSWORD = 'isolation-Pa55word-never-printed'
const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtb2lkYyJ9.c2lnbmF0dXJlLXNlY3JldA'
let registry: TestRegistry
let proxy: FaultProxy
let dir: string
let imagesLines: string[]
const lost = buildImage({ seed: 'isolation/lost' })

beforeAll(async () => {
  registry = await startRegistry({ auth: 'htpasswd', password: PASSWORD })
  const { images } = await seedWorkload(registry, {
    prefix: 'staging',
    repositories: 49,
    imagesPerRepository: 1,
    indexEvery: 0,
    tagsPerImage: 1,
    seed: 'isolation'
  })
  // conflict: prod already has img-010's tag on another digest
  const conflict = images.find((i) => i.name === 'img-010')!
  await pushImage(registry, 'prod/img-010', buildImage({ seed: 'isolation/other' }), conflict.tags)
  // unreadable: every request for staging/img-020 fails
  proxy = await startFaultProxy({
    target: registry.url,
    failFirst: { count: 1e9, fault: 'serverError', match: /staging\/img-020\// }
  })
  const entries = [
    ...images.map((i) => ({ name: i.name, digest: i.digest, tags: i.tags })),
    { name: 'img-lost', digest: lost.manifest.digest, tags: ['v1'] }
  ]
  imagesLines = entries.flatMap((e) => [
    `- name: ${e.name}`,
    '  dmap:',
    `    "${e.digest}": [${e.tags.map((t) => `"${t}"`).join(', ')}]`
  ])
  dir = mkdtempSync(join(tmpdir(), 'isolation-'))
  writeThinManifests(join(dir, 'repo'), {
    sub: 'iso',
    src: `${proxy.host}/staging`,
    dests: [`${proxy.host}/prod`],
    imagesYaml: `${imagesLines.join('\n')}\n`
  })
  mkdirSync(join(dir, 'docker'))
  const auth = Buffer.from(`testuser:${PASSWORD}`).toString('base64')
  writeFileSync(
    join(dir, 'docker/config.json'),
    JSON.stringify({ auths: { [proxy.host]: { auth } } })
  )
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  writeFileSync(
    join(dir, 'key.pem'),
    privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  )
})
afterAll(async () => {
  await proxy?.stop()
  await registry?.stop()
})

const lineOf = (name: string) => imagesLines.indexOf(`- name: ${name}`) + 3

describe('failure isolation', () => {
  it('a pull-request (read-only) run over the same edges issues zero writes', async () => {
    const mark = await registry.accessLog.mark()
    const { report } = await runPromotion(
      {
        thinManifestDir: join(dir, 'repo'),
        readOnly: true,
        confirm: true,
        registry: { credentials: { [proxy.host]: { username: 'testuser', password: PASSWORD } } },
        trust: { provenance: { mode: 'off' } }
      },
      dir
    )
    const summary = await registry.accessLog.summary(mark)
    const writes = ['PUT', 'POST', 'PATCH', 'DELETE'].reduce(
      (n, m) => n + (summary.byMethod[m] ?? 0),
      0
    )
    recordResult('isolation-read-only', {
      requests: summary.total,
      writes,
      reportWrites: report.requests.writes
    })
    expect(report.mode).toBe('check')
    expect(writes).toBe(0)
    expect(report.requests.writes).toBe(0)
  })

  it('promotes the 47 good edges, reports the 3 bad ones at their lines, exits 1, prints no secret', async () => {
    let stdout = ''
    let stderr = ''
    const started = performance.now()
    const code = await main(
      [
        'run',
        '--thin-manifest-dir',
        'repo',
        '--confirm',
        '--provenance',
        'off',
        '--signing-key',
        'key.pem',
        '--report',
        'report.json',
        '--max-concurrency',
        '8'
      ],
      {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        cwd: dir,
        env: {
          DOCKER_CONFIG: join(dir, 'docker'),
          SIGSTORE_ID_TOKEN: OIDC_TOKEN,
          PATH: process.env.PATH
        }
      }
    )
    const reportText = readFileSync(join(dir, 'report.json'), 'utf8')
    const report = JSON.parse(reportText)
    const errors = report.problems.filter((p: { severity: string }) => p.severity === 'error')
    recordResult('isolation', {
      ms: since(started),
      exitCode: code,
      counts: report.counts,
      problems: errors.map(
        (p: { kind: string; position?: { file: string; line: number } }) =>
          `${p.kind} ${p.position?.file}:${p.position?.line}`
      )
    })
    expectNoSecrets(
      `${stdout}\n${stderr}\n${reportText}`,
      secretsOf({ username: 'testuser', password: PASSWORD, tokens: [OIDC_TOKEN] })
    )
    expect(code).toBe(1)
    expect(report.counts).toMatchObject({ edges: 50, promoted: 47, lost: 1, conflicts: 1 })
    const at = (kind: string) =>
      errors
        .filter((p: { kind: string }) => p.kind === kind)
        .map(
          (p: { position?: { file: string; line: number } }) =>
            `${p.position?.file}:${p.position?.line}`
        )
    expect(at('lost')).toEqual([`images/iso/images.yaml:${lineOf('img-lost')}`])
    expect(at('conflict')).toEqual([`images/iso/images.yaml:${lineOf('img-010')}`])
    expect(errors.map((p: { position?: { line: number } }) => p.position?.line)).toContain(
      lineOf('img-020')
    )
    expect(errors).toHaveLength(3)
  })
})
