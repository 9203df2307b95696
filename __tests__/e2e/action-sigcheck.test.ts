// The Action's `command: sigcheck` on a schedule (from source, in a captured Actions environment,
// against a real registry and the sigstore mocks): the audit writes nothing even though schedule
// runs confirm by default, fails the step and puts the findings table in the job summary;
// `confirm: true` repairs with the workflow's keyless identity; the next audit is clean.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage } from '../harness/images.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, promoterManifestYaml } from '../harness/seed.js'
import { startSigstoreMocks, type SigstoreMocks } from '../harness/sigstore-mock.js'
import { gitIn, runAction, type ActionRun } from './actions-env.js'

const WORKFLOW_REF = 'o/r/.github/workflows/audit.yml@refs/heads/main'
const IDENTITY = `https://github.com/${WORKFLOW_REF}`
const ISSUER = 'https://token.actions.githubusercontent.com'

let registry: TestRegistry
let sigstore: SigstoreMocks
let workspace: string
let digest: string

beforeAll(async () => {
  ;[registry, sigstore] = await Promise.all([startRegistry(), startSigstoreMocks()])
  digest = await pushImage(registry, 'staging/app', buildImage({ seed: 'action-sigcheck' }))
  workspace = mkdtempSync(join(tmpdir(), 'workspace-sigcheck-'))
  mkdirSync(join(workspace, 'k8s.io/manifests/staging'), { recursive: true })
  mkdirSync(join(workspace, 'k8s.io/images/staging'), { recursive: true })
  writeFileSync(
    join(workspace, 'k8s.io/manifests/staging/promoter-manifest.yaml'),
    promoterManifestYaml(`${registry.host}/staging`, [`${registry.host}/prod`])
  )
  writeFileSync(
    join(workspace, 'k8s.io/images/staging/images.yaml'),
    `- name: app\n  dmap:\n    "${digest}": ["1.0"]\n`
  )
  gitIn(workspace, 'init', '-q', '-b', 'main')
  gitIn(workspace, 'add', '.')
  gitIn(workspace, 'commit', '-qm', 'app')
}, 120_000)

afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop()])
  rmSync(workspace, { recursive: true, force: true })
})

function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    event: 'schedule',
    payload: { schedule: '0 6 * * *' },
    workspace,
    entry: 'source',
    inputs: {
      'thin-manifest-dir': 'k8s.io',
      scope: 'all',
      'trusted-root': sigstore.trustedRootPath,
      'fulcio-url': sigstore.fulcioURL,
      'rekor-url': sigstore.rekorURL,
      provenance: 'off',
      cache: 'false',
      ...inputs
    },
    env: {
      GITHUB_SHA: gitIn(workspace, 'rev-parse', 'HEAD'),
      GITHUB_WORKFLOW_REF: WORKFLOW_REF,
      SIGSTORE_ID_TOKEN: sigstore.token(IDENTITY, ISSUER)
    }
  })
}

const writesDuring = async (action: () => Promise<ActionRun>): Promise<[ActionRun, number]> => {
  const mark = await registry.accessLog.mark()
  const result = await action()
  const s = await registry.accessLog.summary(mark)
  return [result, ['PUT', 'POST', 'PATCH', 'DELETE'].reduce((n, m) => n + (s.byMethod[m] ?? 0), 0)]
}

const audit = {
  command: 'sigcheck',
  'certificate-identity': IDENTITY,
  'certificate-oidc-issuer': ISSUER
}

describe('the action with command: sigcheck', () => {
  it('audits without writing, repairs with confirm: true, then audits clean', async () => {
    const promoted = await run({ sign: 'false' })
    expect(promoted.code).toBe(0)
    expect(promoted.outputs).toMatchObject({ 'promoted-count': '1', signed: '0' })

    const [found, foundWrites] = await writesDuring(() => run(audit))
    expect(found.code).toBe(1)
    expect(foundWrites).toBe(0)
    expect(found.summary).toContain('Signature check')
    expect(found.summary).toMatch(/\| unsigned \| missing \|/)
    expect(found.stdout).toMatch(/::error title=image-promoter%3A signature.*unsigned/)

    const [repaired, repairWrites] = await writesDuring(() =>
      run({ command: 'sigcheck', confirm: 'true' })
    )
    expect(repaired.stderr).toBe('')
    expect(repaired.code).toBe(0)
    expect(repairWrites).toBeGreaterThan(0)
    expect(repaired.summary).toMatch(/\| unsigned \| missing \| repaired \|/)
    expect(repaired.outputs).toMatchObject({ signed: '1', attested: '1' })

    const [clean, cleanWrites] = await writesDuring(() => run(audit))
    expect(clean.code).toBe(0)
    expect(cleanWrites).toBe(0)
    expect(clean.summary).toMatch(/\| signed \| attested \|/)
  }, 180_000)
})
