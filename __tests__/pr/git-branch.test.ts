// Branch names and remotes of `pr` are data: shapes git could read as options or refspecs are
// refused, and the GitHub repository is read from the remote URL as actions/checkout writes it.
import { describe, expect, it } from '@jest/globals'
import { defaultBranch, githubRepositoryOf, validateBranch } from '../../src/pr/git-branch.js'
import { TempRepo } from '../plan/git-repo.js'

describe('pr branches', () => {
  it('names the branch as kpromo does, and refuses names git would read otherwise', () => {
    expect(defaultBranch('foo', ['v1.2.3', 'v1.2'])).toBe('foo-v1.2.3-image-promotion')
    expect(defaultBranch('foo/bar', [], `sha256:${'ab'.repeat(32)}`)).toBe(
      'foo-bar-abababababab-image-promotion'
    )
    for (const ok of ['foo-v1-image-promotion', 'promote/foo_1.2'])
      expect(validateBranch(ok)).toBe(ok)
    for (const bad of [
      '--upload-pack=x',
      '-b',
      '+main',
      'a:b',
      'a..b',
      'a//b',
      'x.lock',
      'a/.b',
      'a b',
      'a@{1}',
      'ends/',
      'ends.',
      ''
    ])
      expect(() => validateBranch(bad)).toThrow(/not a branch name/)
  })

  it('reads OWNER/NAME from https, ssh and scp-style GitHub remotes only', async () => {
    const repo = new TempRepo()
    const cases: [string, string | undefined][] = [
      ['https://github.com/org/k8s.io', 'org/k8s.io'],
      ['https://github.com/org/manifests.git', 'org/manifests'],
      ['git@github.com:org/manifests.git', 'org/manifests'],
      ['ssh://git@github.com/org/manifests', 'org/manifests'],
      ['https://gitlab.com/org/manifests', undefined],
      ['/srv/git/manifests.git', undefined]
    ]
    repo.git('remote', 'add', 'origin', 'x')
    for (const [url, expected] of cases) {
      repo.git('remote', 'set-url', 'origin', url)
      expect(await githubRepositoryOf(repo.dir, 'origin')).toBe(expected)
    }
    expect(await githubRepositoryOf(repo.dir, 'missing')).toBeUndefined()
    await expect(githubRepositoryOf(repo.dir, '--upload-pack=x')).rejects.toThrow(/remote name/)
  })
})
