// `image-promoter pr` against a real registry and a real git clone: staging tags (never `latest`
// unless named) are added to the image's images.yaml with a minimal diff and committed on a new
// branch; a tag that would move, and a change the validator rejects, are refused with nothing
// changed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { buildImage } from '../harness/images.js'
import { startGitHubApi, type GitHubApiStandIn } from '../harness/github-api.js'
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { pushImage, writeThinManifests } from '../harness/seed.js'
import { TempRepo } from '../plan/git-repo.js'

let registry: TestRegistry
let api: GitHubApiStandIn
const d: Record<string, string> = {}

beforeAll(async () => {
  ;[registry, api] = await Promise.all([startRegistry(), startGitHubApi()])
  d.v1 = await pushImage(registry, 'staging/app', buildImage({ seed: 'pr-v1' }), ['v1.0'])
  d.v2 = await pushImage(registry, 'staging/app', buildImage({ seed: 'pr-v2' }), [
    'v1.1',
    'v1.1.0',
    'latest'
  ])
})
afterAll(async () => Promise.all([registry?.stop(), api?.stop()]))

const IMAGES = 'images/staging/images.yaml'

function clone(imagesYaml: string): TempRepo {
  const repo = new TempRepo()
  repo.git('config', 'user.name', 't')
  repo.git('config', 'user.email', 't@example.com')
  writeThinManifests(repo.dir, {
    sub: 'staging',
    src: `${registry.host}/staging`,
    dests: [`${registry.host}/prod`],
    imagesYaml
  })
  repo.commit('base')
  return repo
}

async function pr(repo: TempRepo, extra: string[], env: Record<string, string> = {}) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: repo.dir,
    env
  }
  const args = ['pr', '--thin-manifest-dir', '.', '--image', 'app']
  const code = await main([...args, '--source', `${registry.host}/staging`, ...extra], io)
  return { code, stdout, stderr }
}

describe('image-promoter pr', () => {
  it('adds every staging tag but latest, keeps the comments, and commits on a new branch', async () => {
    const before = `# Release images of app.\n- name: app\n  dmap:\n    "${d.v1}": ["v1.0"] # first\n`
    const repo = clone(before)
    const result = await pr(repo, ['--branch', 'promote-app-v1.1'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const after = readFileSync(join(repo.dir, IMAGES), 'utf8')
    const line = `    "${d.v2}": ["v1.1", "v1.1.0"]\n`
    const expected =
      d.v2! > d.v1! ? before + line : before.replace(`    "${d.v1}"`, `${line}    "${d.v1}"`)
    expect(after).toBe(expected)
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('promote-app-v1.1')
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('Promote app v1.0, v1.1, v1.1.0')
    expect(repo.git('status', '--porcelain').trim()).toBe('')
    // Again: nothing to add, nothing written.
    const again = await pr(repo, [])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`already in ${IMAGES}`)
  })

  it('promotes latest only when named, and one digest with --digest', async () => {
    const repo = clone('# No images yet\n')
    expect((await pr(repo, ['--tags', 'latest'])).code).toBe(0)
    expect(readFileSync(join(repo.dir, IMAGES), 'utf8')).toBe(
      `# No images yet\n- name: app\n  dmap:\n    "${d.v2}": ["latest"]\n`
    )
    const other = clone('')
    expect((await pr(other, ['--digest', d.v1!])).code).toBe(0)
    expect(readFileSync(join(other.dir, IMAGES), 'utf8')).toBe(
      `- name: app\n  dmap:\n    "${d.v1}": ["v1.0"]\n`
    )
  })

  it('refuses to move a tag, and changes nothing', async () => {
    const before = `- name: app\n  dmap:\n    "${d.v1}": ["v1.0", "v1.1"]\n`
    const repo = clone(before)
    const result = await pr(repo, ['--tags', 'v1.1', '--branch', 'moved'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `tag "v1.1" of image "app" is on ${d.v1}; adding it to ${d.v2} would move it`
    )
    expect(readFileSync(join(repo.dir, IMAGES), 'utf8')).toBe(before)
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main')
  })

  it('refuses a change the validator rejects, with its message, and restores the file', async () => {
    // Another manifest already promotes app:v1.1 to the same destination with another digest.
    const repo = clone('')
    writeThinManifests(repo.dir, {
      sub: 'other',
      src: `${registry.host}/other-staging`,
      dests: [`${registry.host}/prod`],
      imagesYaml: `- name: app\n  dmap:\n    "${d.v1}": ["v1.1"]\n`
    })
    repo.commit('other')
    const result = await pr(repo, ['--tags', 'v1.1'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('the change is invalid')
    expect(result.stderr).toContain('images/staging/images.yaml:')
    expect(readFileSync(join(repo.dir, IMAGES), 'utf8')).toBe('')
  })

  it('refuses a tag staging does not have', async () => {
    const result = await pr(clone(''), ['--tags', 'v9'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${registry.host}/staging/app has no tag "v9"`)
  })

  it('--open pushes the branch and opens the pull request with the plan of the change', async () => {
    const before = `- name: app\n  dmap:\n    "${d.v1}": ["v1.0"]\n`
    const repo = clone(before)
    const origin = new TempRepo(mkdtempSync(join(tmpdir(), 'pr-origin-')))
    origin.git('init', '-q', '--bare')
    repo.git('remote', 'add', 'origin', origin.dir)
    repo.git('push', '-q', 'origin', 'main')
    const token = 'ghp_pr_test_token_value'
    const env = { GITHUB_TOKEN: token, GITHUB_API_URL: api.url }
    const result = await pr(
      repo,
      ['--tags', 'v1.1', '--branch', 'promote-app', '--open', '--repo', 'o/r'],
      env
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/opened https:\/\/github\.com\/o\/r\/pull\/\d+/)
    expect(origin.git('rev-parse', 'promote-app').trim()).toBe(repo.git('rev-parse', 'HEAD').trim())
    expect(api.pulls).toHaveLength(1)
    const pull = api.pulls[0]!
    expect(pull).toMatchObject({
      repo: 'o/r',
      head: 'promote-app',
      base: 'main',
      title: 'Promote app v1.1'
    })
    expect(pull.authorization).toBe(`Bearer ${token}`)
    // The plan of exactly this change: the new digest to promote, not the one already there.
    expect(pull.body).toContain(`| app | \`${d.v2!.slice(7, 19)}\` | v1.1 |`)
    expect(pull.body).not.toContain(d.v1!.slice(7, 19))
    expect(result.stdout + result.stderr + pull.body).not.toContain(token)
  })

  it('--open without a repository or branch is a usage error, before anything changes', async () => {
    const repo = clone('')
    const result = await pr(repo, ['--open', '--branch', 'b'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--open needs --repo OWNER/NAME')
    expect(readFileSync(join(repo.dir, IMAGES), 'utf8')).toBe('')
    expect((await pr(repo, ['--push'])).stderr).toContain('--push and --open need --branch B')
  })
})
