// `image-promoter pr` end to end: a real registry on loopback as staging, a thin-manifest tree in a
// temporary git clone whose origin is a local bare repository, and the loopback stand-in for
// GitHub's REST API (the one mock: GitHub cannot run here). Refusals must leave the tree, the
// branches and the remote exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../harness/cli-in-process.js'
import { addToImages } from '../../src/manifest/images-edit.js'
import { startGitHubApi, type GitHubApiStandIn } from '../harness/github-api.js'
import { buildImage } from '../harness/images.js'
import { promoterManifestYaml } from '../harness/kpromo-yaml.js'
import { pushImage } from '../harness/push.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { TempRepo } from '../plan/git-repo.js'

let registry: TestRegistry
let api: GitHubApiStandIn
const A = buildImage({ seed: 'pr-a' })
const B = buildImage({ seed: 'pr-b' })
const C = buildImage({ seed: 'pr-c' })
const a = A.manifest.digest
const b = B.manifest.digest
const c = C.manifest.digest
const IMAGES = 'tree/images/p/images.yaml'
const TOKEN = 'ghs_pr_test_token_0123456789'

const imagesText = [
  '# foo sub-project images (this comment stays)',
  '- name: bar',
  '  dmap:',
  `    "${a}": ["v1"]`,
  '- name: foo # the controller',
  '  dmap:',
  `    "${a}": ["v1"] # first release`,
  ''
].join('\n')

beforeAll(async () => {
  registry = await startRegistry()
  api = await startGitHubApi()
  await pushImage(registry, 'staging/foo', A, ['v1'])
  await pushImage(registry, 'staging/foo', B, ['v2', 'latest'])
  await pushImage(registry, 'staging/foo', C, ['v3'])
  await pushImage(registry, 'prod/foo', A, ['v1'])
  // bar's v1 in staging is another digest than the manifest's: adding it would move the tag.
  await pushImage(registry, 'staging/bar', C, ['v1'])
  // baz:v5 is already in production on another digest: the plan of adding it is a conflict.
  await pushImage(registry, 'staging/baz', B, ['v5'])
  await pushImage(registry, 'prod/baz', C, ['v5'])
}, 120_000)

afterAll(async () => {
  await registry?.stop()
  await api?.stop()
})

function clone(): { repo: TempRepo; bare: string } {
  const bare = mkdtempSync(join(tmpdir(), 'pr-origin-'))
  execFileSync('git', ['init', '-q', '--bare', bare])
  const repo = new TempRepo()
  repo.write(
    'tree/manifests/p/promoter-manifest.yaml',
    promoterManifestYaml('registry.example/staging', ['registry.example/prod'])
  )
  repo.write(IMAGES, imagesText)
  repo.commit('base')
  repo.git('remote', 'add', 'origin', bare)
  return { repo, bare }
}

const cli = (repo: TempRepo, env: Record<string, string>, ...args: string[]) =>
  runCli(args, repo.dir, { env: { PATH: process.env.PATH, ...env } })

const base = () => ['--registry-map', `registry.example=${registry.host}`]
const pr = (repo: TempRepo, ...args: string[]) =>
  cli(
    repo,
    {},
    'pr',
    '--thin-manifest-dir',
    'tree',
    '--source',
    'registry.example/staging',
    ...base(),
    ...args
  )

/** The state a refusal must leave untouched. */
function state(repo: TempRepo, bare: string) {
  return {
    file: readFileSync(join(repo.dir, IMAGES), 'utf8'),
    status: repo.git('status', '--porcelain'),
    head: repo.git('rev-parse', '--abbrev-ref', 'HEAD'),
    branches: repo.git('branch', '--format=%(refname)'),
    remote: execFileSync('git', ['-C', bare, 'branch', '--format=%(refname)'], { encoding: 'utf8' })
  }
}

describe('image-promoter pr', () => {
  it('adds the given tag in kpromo order, keeps every other line, commits on a new branch', async () => {
    const { repo, bare } = clone()
    const { code, stdout, stderr } = await pr(repo, '--image', 'foo', '--tags', 'v2')
    expect(stderr).toContain('committed ')
    expect(code).toBe(0)
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('foo-v2-image-promotion')
    expect(readFileSync(join(repo.dir, IMAGES), 'utf8')).toBe(
      imagesText.replace(`# first release\n`, `# first release\n    "${b}": ["v2"]\n`)
    )
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('Image promotion for foo v2')
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe(IMAGES)
    expect(repo.git('status', '--porcelain')).toBe('')
    // The plan of exactly that change: one edge to promote.
    expect(stdout).toMatch(/^plan: 1 edges, 0 done, 1 to promote/)
    expect(stdout).toContain(
      `promote  ${registry.host}/prod/foo:v2 <- ${registry.host}/staging/foo@${b}`
    )
    // Not pushed without --push.
    expect(state(repo, bare).remote).toBe('')
  })

  it('without --tags adds every tagged digest but latest; --tags latest adds latest', async () => {
    const all = clone()
    expect((await pr(all.repo, '--image', 'foo')).code).toBe(0)
    const text = readFileSync(join(all.repo.dir, IMAGES), 'utf8')
    expect(text).toContain(`# first release\n    "${b}": ["v2"]\n    "${c}": ["v3"]\n`)
    expect(text).not.toContain('latest')
    const latest = clone()
    expect((await pr(latest.repo, '--image', 'foo', '--tags', 'latest')).code).toBe(0)
    expect(readFileSync(join(latest.repo.dir, IMAGES), 'utf8')).toContain(`"${b}": ["latest"]`)
  })

  it('--digest adds that digest with its tags (not latest), on --branch', async () => {
    const { repo } = clone()
    const { code } = await pr(repo, '--image', 'foo', '--digest', b, '--branch', 'promote/b')
    expect(code).toBe(0)
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('promote/b')
    expect(readFileSync(join(repo.dir, IMAGES), 'utf8')).toContain(`    "${b}": ["v2"]\n`)
  })

  it('nothing new is success and writes nothing', async () => {
    const { repo, bare } = clone()
    const before = state(repo, bare)
    const { code, stdout } = await pr(repo, '--image', 'foo', '--tags', 'v1')
    expect([code, stdout]).toEqual([0, expect.stringContaining('nothing to add')])
    expect(state(repo, bare)).toEqual(before)
  })

  it('refuses a tag move with the messages validate gives for that tree, and writes nothing', async () => {
    const { repo, bare } = clone()
    const before = state(repo, bare)
    const pulls = api.pulls.length
    const { code, stderr } = await cli(
      repo,
      { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url },
      'pr',
      '--thin-manifest-dir',
      'tree',
      '--source',
      'registry.example/staging',
      ...base(),
      '--image',
      'bar',
      '--tags',
      'v1',
      '--open',
      '--repository',
      'org/manifests'
    )
    expect(code).toBe(1)
    expect(stderr).toContain('overlapping edges: tag "v1" of "registry.example/prod/bar"')
    expect(stderr).toMatch(/refused: .*nothing was written/)
    expect(state(repo, bare)).toEqual(before)
    expect(api.pulls).toHaveLength(pulls)
    // The same lines `validate` prints for the tree with the edit in place.
    const copy = mkdtempSync(join(tmpdir(), 'pr-validate-'))
    cpSync(join(repo.dir, 'tree'), copy, { recursive: true })
    writeFileSync(
      join(copy, 'images/p/images.yaml'),
      addToImages(imagesText, 'images/p/images.yaml', 'bar', new Map([[c, ['v1']]])).text
    )
    const validated = (await runCli(['validate', '--thin-manifest-dir', copy], repo.dir)).stderr
    expect(validated).not.toBe('')
    expect(stderr.startsWith(validated)).toBe(true)
  })

  it('refuses when the tree is invalid, with the messages of validate, and writes nothing', async () => {
    const { repo, bare } = clone()
    repo.write(
      'tree/manifests/q/promoter-manifest.yaml',
      'registries:\n- name: registry.example/other\n  src: true\n  typo: 1\n'
    )
    repo.write('tree/images/q/images.yaml', '[]\n')
    repo.commit('an invalid manifest')
    const before = state(repo, bare)
    const validated = await cli(repo, {}, 'validate', '--thin-manifest-dir', 'tree')
    expect(validated.code).toBe(1)
    const { code, stderr } = await pr(repo, '--image', 'foo', '--tags', 'v2')
    expect(code).toBe(1)
    expect(stderr.startsWith(validated.stderr)).toBe(true)
    expect(stderr).toContain('nothing was written')
    expect(state(repo, bare)).toEqual(before)
  })

  it('--open pushes the branch and opens the pull request with the plan as its body', async () => {
    const { repo, bare } = clone()
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url }
    const { code, stdout, stderr } = await cli(
      repo,
      env,
      'pr',
      '--thin-manifest-dir',
      'tree',
      '--source',
      'registry.example/staging',
      ...base(),
      '--image',
      'foo',
      '--tags',
      'v3',
      '--open',
      '--repository',
      'org/manifests'
    )
    expect(stderr).not.toContain(TOKEN)
    expect(code).toBe(0)
    const pull = api.pulls.at(-1)!
    expect(pull).toMatchObject({
      repository: 'org/manifests',
      head: 'foo-v3-image-promotion',
      base: 'main',
      title: 'Image promotion for foo v3',
      authorization: `Bearer ${TOKEN}`
    })
    expect(stdout).toContain(
      `opened pull request #${pull.number}: https://github.com/org/manifests/pull/`
    )
    // The body: what was added, the command, and the plan (the renderer of the PR check).
    expect(pull.body).toContain(`| \`${c}\` | v3 |`)
    expect(pull.body).toContain('image-promoter pr --thin-manifest-dir tree --image foo')
    expect(pull.body).toContain('**1** to promote')
    expect(pull.body).toMatch(/\| foo \| `[0-9a-f]{12}` \| v3 \| .* \| .*to promote \|/)
    expect(pull.body).not.toContain(TOKEN)
    // The remote has the branch at the local commit.
    const local = repo.git('rev-parse', 'HEAD').trim()
    expect(
      execFileSync('git', ['-C', bare, 'rev-parse', 'refs/heads/foo-v3-image-promotion'], {
        encoding: 'utf8'
      }).trim()
    ).toBe(local)
  })

  it('--push alone pushes without opening a pull request', async () => {
    const { repo, bare } = clone()
    const pulls = api.pulls.length
    expect((await pr(repo, '--image', 'foo', '--tags', 'v2', '--push')).code).toBe(0)
    expect(state(repo, bare).remote.trim()).toBe('refs/heads/foo-v2-image-promotion')
    expect(api.pulls).toHaveLength(pulls)
    // A second run from a fresh clone of the same origin (a re-run of the staging build) stops
    // before any write: the branch is on the remote already.
    repo.git('push', '-q', 'origin', 'main')
    const dir = join(mkdtempSync(join(tmpdir(), 'pr-again-')), 'clone')
    execFileSync('git', ['clone', '-q', '--branch', 'main', bare, dir])
    const again = new TempRepo(dir)
    const before = state(again, bare)
    const second = await pr(again, '--image', 'foo', '--tags', 'v2', '--push')
    expect([second.code, second.stderr]).toEqual([
      1,
      expect.stringContaining('branch foo-v2-image-promotion already exists on origin')
    ])
    expect(state(again, bare)).toEqual(before)
  })

  it('refuses before any write: --open without GITHUB_TOKEN, an existing branch, a changed file', async () => {
    const { repo, bare } = clone()
    const before = state(repo, bare)
    const noToken = await pr(repo, '--image', 'foo', '--tags', 'v2', '--open')
    expect(noToken.code).toBe(1)
    expect(noToken.stderr).toContain('--open needs GITHUB_TOKEN')
    repo.git('branch', 'taken')
    const taken = await pr(repo, '--image', 'foo', '--tags', 'v2', '--branch', 'taken')
    expect([taken.code, taken.stderr]).toEqual([
      1,
      expect.stringContaining('branch taken already exists')
    ])
    repo.git('branch', '-D', 'taken')
    expect(state(repo, bare)).toEqual(before)
    writeFileSync(join(repo.dir, IMAGES), `${imagesText}# local edit\n`)
    const dirty = await pr(repo, '--image', 'foo', '--tags', 'v2')
    expect([dirty.code, dirty.stderr]).toEqual([1, expect.stringContaining('uncommitted changes')])
    expect(readFileSync(join(repo.dir, IMAGES), 'utf8')).toBe(`${imagesText}# local edit\n`)
    expect(repo.git('branch', '--format=%(refname)')).toBe(before.branches)
  })

  it('does not write through a symbolic link committed at the images file name', async () => {
    const { repo, bare } = clone()
    // The link stays inside the tree (so the loader reads it); pr must still not write through it.
    renameSync(join(repo.dir, IMAGES), join(repo.dir, 'tree/real-images.yaml'))
    symlinkSync('../../real-images.yaml', join(repo.dir, IMAGES))
    repo.commit('images file is a link')
    const before = state(repo, bare)
    const { code, stderr } = await pr(repo, '--image', 'foo', '--tags', 'v2')
    expect([code, stderr]).toEqual([1, expect.stringContaining('not a regular file')])
    expect(state(repo, bare)).toEqual(before)
    expect(readFileSync(join(repo.dir, 'tree/real-images.yaml'), 'utf8')).toBe(imagesText)
  })

  it('a commit that fails (a refusing hook) puts the file, the checkout and the branches back', async () => {
    const { repo, bare } = clone()
    const hook = join(repo.dir, '.git/hooks/pre-commit')
    writeFileSync(hook, '#!/bin/sh\necho "hook says no" >&2\nexit 1\n')
    chmodSync(hook, 0o755)
    const before = state(repo, bare)
    const { code, stderr } = await pr(repo, '--image', 'foo', '--tags', 'v2')
    expect([code, stderr]).toEqual([1, expect.stringContaining('hook says no')])
    expect(state(repo, bare)).toEqual(before)
  })

  it('a change whose plan fails (the production tag exists elsewhere) is not pushed', async () => {
    const { repo, bare } = clone()
    const pulls = api.pulls.length
    const { code, stdout, stderr } = await cli(
      repo,
      { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url },
      'pr',
      '--thin-manifest-dir',
      'tree',
      '--source',
      'registry.example/staging',
      ...base(),
      '--image',
      'baz',
      '--tags',
      'v5',
      '--open',
      '--repository',
      'org/manifests'
    )
    expect(code).toBe(1)
    expect(stdout).toContain(`conflict ${registry.host}/prod/baz:v5`)
    expect(stderr).toContain('committed locally, not pushed')
    // The new image went in name order: after bar, before foo.
    expect(readFileSync(join(repo.dir, IMAGES), 'utf8')).toContain(
      `- name: baz\n  dmap:\n    "${b}": ["v5"]\n- name: foo # the controller\n`
    )
    expect(state(repo, bare).remote).toBe('')
    expect(api.pulls).toHaveLength(pulls)
  })

  it('usage errors: both --tags and --digest, a bad image name, a bad branch, a missing tag', async () => {
    const { repo } = clone()
    expect((await pr(repo, '--image', 'foo', '--tags', 'v2', '--digest', b)).code).toBe(2)
    expect((await pr(repo, '--image', 'foo\n  dmap:', '--tags', 'v2')).code).toBe(2)
    expect((await pr(repo, '--image', 'foo', '--branch', '--upload-pack=x')).code).toBe(2)
    expect((await pr(repo, '--image', 'foo', '--branch', 'a..b')).code).toBe(2)
    const missing = await pr(repo, '--image', 'foo', '--tags', 'v9')
    expect([missing.code, missing.stderr]).toEqual([
      1,
      expect.stringContaining('tag "v9" is not in')
    ])
  })
})
