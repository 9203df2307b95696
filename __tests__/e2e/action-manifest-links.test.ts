// Issue #12: a pull request that links a manifest file to a file outside the tree (a secret file,
// /proc/self/environ) cannot publish its content through the bundled Action: not in the log, the
// summary, the annotations, the outputs or the sticky PR comment (GitHub REST stand-in).
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGitHubApi, type GitHubApiStandIn } from '../harness/github-api.js'
import { fillEvent, gitIn, runAction } from './actions-env.js'

const SECRET = 'pr-link-secret-9f3e1c7a'
let api: GitHubApiStandIn
let workspace: string
let shas: { BASE: string; HEAD: string }

const git = (...args: string[]) => gitIn(workspace, ...args)

beforeAll(async () => {
  api = await startGitHubApi()
  const outside = mkdtempSync(join(tmpdir(), 'outside-'))
  writeFileSync(
    join(outside, 'secret.yaml'),
    `- name: x\n  dmap:\n    "${SECRET}": ["${SECRET}"]\n`
  )
  workspace = mkdtempSync(join(tmpdir(), 'links-ws-'))
  mkdirSync(join(workspace, 'k8s.io/manifests/app'), { recursive: true })
  mkdirSync(join(workspace, 'k8s.io/images/app'), { recursive: true })
  mkdirSync(join(workspace, 'k8s.io/images/env'), { recursive: true })
  writeFileSync(
    join(workspace, 'k8s.io/manifests/app/promoter-manifest.yaml'),
    'registries:\n- name: oci:/tmp/links-src\n  src: true\n- name: oci:/tmp/links-dst\n'
  )
  writeFileSync(join(workspace, 'k8s.io/images/app/images.yaml'), '')
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('commit', '-qm', 'base')
  symlinkSync(join(outside, 'secret.yaml'), join(workspace, 'k8s.io/images/app/images.yaml.tmp'))
  execFileSync('mv', ['-f', 'k8s.io/images/app/images.yaml.tmp', 'k8s.io/images/app/images.yaml'], {
    cwd: workspace
  })
  symlinkSync('/proc/self/environ', join(workspace, 'k8s.io/images/env/images.yaml'))
  git('add', '-A')
  git('commit', '-qm', 'links')
  shas = { BASE: git('rev-parse', 'HEAD^'), HEAD: git('rev-parse', 'HEAD') }
}, 60_000)

afterAll(async () => {
  await api?.stop()
})

it('pull_request: linked manifest files are refused by name, their content shown nowhere', async () => {
  const run = await runAction({
    event: 'pull_request',
    payload: fillEvent('pull_request', shas),
    workspace,
    inputs: {
      'thin-manifest-dir': 'k8s.io',
      'github-token': 'ghs_links_test_token',
      provenance: 'off',
      comment: 'update',
      cache: 'false'
    },
    env: { GITHUB_API_URL: api.url, GITHUB_SHA: shas.HEAD, PLANTED_SECRET: SECRET }
  })
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(/LINK_OUTSIDE_ROOT|outside the manifest/)
  expect(api.comments).toHaveLength(1)
  for (const text of [
    run.stdout,
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
    api.comments[0]!.body
  ]) {
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain('PLANTED_SECRET')
  }
}, 120_000)
