// A registry that echoes the credentials it was sent (raw header, decoded Basic, URL-encoded,
// JSON-escaped, base64, inside a base64 request dump) cannot make them appear in any output:
// not on stderr or stdout (--json), not in the run report, and not through the Action in the job
// summary, the annotations, the outputs or the PR comment.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEchoRegistry, type EchoRegistry } from '../harness/echo-registry.js'
import { startGitHubApi, type GitHubApiStandIn } from '../harness/github-api.js'
import { promoterManifestYaml } from '../harness/kpromo-yaml.js'
import { echoImagesYaml, runCliScene } from '../harness/secrets-scene.js'
import { expectNoSecrets, secretsOf } from '../reliability/secrets.js'
import { fillEvent, gitIn, runAction } from './actions-env.js'

describe('CLI against a registry that echoes credentials', () => {
  it.each([
    ['bearer', 'manifest', 403, true],
    ['bearer', 'token', 401, true],
    ['basic', 'manifest', 403, false],
    ['basic', 'manifest', 400, true]
  ] as const)(
    '%s auth, echo at %s (%i): nothing secret in stderr, --json or the report',
    async (auth, where, status, specBody) => {
      const out = await runCliScene({ auth, where, status, specBody })
      expect(out.echoes).toBeGreaterThan(0)
      expect(out.code).toBe(1)
      // The registry's words reach the user with the secrets cut out (a token server's refusal is
      // reported in our words only).
      if (where === 'manifest') expect(`${out.stdout}${out.stderr}`).toMatch(/you sent.*REDACTED/)
      const secrets = secretsOf(out.secrets)
      for (const text of [out.stdout, out.stderr, out.report]) expectNoSecrets(text, secrets)
    }
  )
})

describe('token realm on another host (localhost for a 127.0.0.1 registry)', () => {
  const scene = { auth: 'bearer', where: 'manifest', status: 403, specBody: true } as const

  it('is refused naming the flag and the input, and no credentials are sent there', async () => {
    const out = await runCliScene({ ...scene, realmHost: 'localhost' })
    expect(out.credentialedTokenRequests).toBe(0)
    expect(out.code).toBe(1)
    const text = `${out.stdout}${out.stderr}${out.report}`
    expect(text).toMatch(/refusing to send the credentials for 127\.0\.0\.1:\d+ to the token realm/)
    expect(text).toMatch(/--token-realm-host localhost/)
    expect(text).toMatch(/token-realm-hosts: localhost/)
  })

  it('is used once allowed with --token-realm-host', async () => {
    const out = await runCliScene({ ...scene, realmHost: 'localhost' }, true, [
      '--token-realm-host',
      'localhost'
    ])
    expect(out.credentialedTokenRequests).toBeGreaterThan(0)
    expect(out.echoes).toBeGreaterThan(0)
    expect(`${out.stdout}${out.stderr}`).not.toMatch(/token realm on another host/)
  })
})

describe('the Action against a registry that echoes credentials', () => {
  let echo: EchoRegistry
  let api: GitHubApiStandIn
  let workspace: string
  let shas: { BASE: string; HEAD: string }
  const password = 'action-echo-password/+&"x'
  const githubToken = 'ghs_echo_test_token_value_1'

  const git = (...args: string[]) => gitIn(workspace, ...args)

  beforeAll(async () => {
    ;[echo, api] = await Promise.all([
      startEchoRegistry({
        username: 'action-robot',
        password,
        auth: 'bearer',
        where: 'manifest',
        status: 403,
        specBody: true
      }),
      startGitHubApi()
    ])
    workspace = mkdtempSync(join(tmpdir(), 'secrets-ws-'))
    mkdirSync(join(workspace, 'k8s.io/manifests/echo'), { recursive: true })
    mkdirSync(join(workspace, 'k8s.io/images/echo'), { recursive: true })
    writeFileSync(
      join(workspace, 'k8s.io/manifests/echo/promoter-manifest.yaml'),
      promoterManifestYaml(`${echo.host}/staging`, [`${echo.host}/prod`])
    )
    writeFileSync(join(workspace, 'k8s.io/images/echo/images.yaml'), '')
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-qm', 'base')
    writeFileSync(join(workspace, 'k8s.io/images/echo/images.yaml'), echoImagesYaml())
    git('commit', '-qam', 'add app')
    shas = { BASE: git('rev-parse', 'HEAD^'), HEAD: git('rev-parse', 'HEAD') }
  }, 60_000)

  afterAll(async () => {
    await Promise.all([echo?.stop(), api?.stop()])
  })

  it('pull_request: nothing secret in the summary, annotations, outputs, report or comment', async () => {
    const run = await runAction({
      event: 'pull_request',
      payload: fillEvent('pull_request', shas),
      workspace,
      // The Action from source in a child process, as the bundle runs (dist/ is built at release).
      entry: 'source',
      inputs: {
        'thin-manifest-dir': 'k8s.io',
        'github-token': githubToken,
        'registry-auth': JSON.stringify({ [echo.host]: { username: 'action-robot', password } }),
        provenance: 'off',
        comment: 'update',
        cache: 'false'
      },
      env: { GITHUB_API_URL: api.url, GITHUB_SHA: shas.HEAD }
    })
    expect(echo.echoes).toBeGreaterThan(0)
    expect(run.code).toBe(1)
    expect(api.comments).toHaveLength(1)
    const secrets = secretsOf({
      username: 'action-robot',
      password,
      tokens: [...echo.issued, githubToken]
    })
    // `::add-mask::` lines register secrets with the runner, which never shows them.
    const shown = run.stdout.replace(/^::add-mask::.*$/gm, '')
    expect(shown).toMatch(/::error /)
    expect(run.summary).toMatch(/REDACTED/)
    const reportFile = run.outputs['run-report']
      ? readFileSync(run.outputs['run-report'], 'utf8')
      : ''
    for (const text of [
      shown,
      run.stderr,
      run.summary,
      JSON.stringify(run.outputs),
      reportFile,
      api.comments[0]!.body
    ])
      expectNoSecrets(text, secrets)
    // Every form the registry echoed was also registered with the runner's masking.
    const masks = run.stdout.match(/^::add-mask::.*$/gm) ?? []
    expect(masks.length).toBeGreaterThan(0)
  }, 120_000)
})
