// Opening the pull request against the loopback stand-in for GitHub's REST API (the one mock:
// GitHub cannot run here): the request GitHub documents, and GitHub's refusals as actionable errors.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { openPullRequest } from '../../src/pr/github.js'
import { startGitHubApi, type GitHubApiStandIn } from '../harness/github-api.js'

let api: GitHubApiStandIn
beforeAll(async () => {
  api = await startGitHubApi()
})
afterAll(async () => {
  await api?.stop()
})

const request = () => ({
  apiUrl: `${api.url}/`,
  token: 'tok',
  repository: 'org/manifests',
  head: 'foo-v1-image-promotion',
  base: 'main',
  title: 'Image promotion for foo v1',
  body: 'plan'
})

describe('openPullRequest', () => {
  it('POSTs /repos/OWNER/NAME/pulls with the token and returns the number and URL', async () => {
    const pr = await openPullRequest(request())
    expect(pr).toEqual({
      number: api.pulls[0]!.number,
      url: `https://github.com/org/manifests/pull/${api.pulls[0]!.number}`
    })
    expect(api.requests.at(-1)).toEqual({ method: 'POST', path: '/repos/org/manifests/pulls' })
    expect(api.pulls[0]).toMatchObject({
      head: 'foo-v1-image-promotion',
      base: 'main',
      body: 'plan'
    })
  })

  it("turns GitHub's refusals into errors that say what to do", async () => {
    await expect(openPullRequest(request())).rejects.toThrow(
      /GitHub refused the pull request \(422\): Validation Failed; A pull request already exists/
    )
    await expect(openPullRequest({ ...request(), token: '' })).rejects.toMatchObject({
      code: 'GITHUB_FAILED',
      hint: expect.stringContaining('pull-requests: write')
    })
    await expect(openPullRequest({ ...request(), repository: 'org/../x' })).rejects.toMatchObject({
      code: 'NO_GITHUB_REPOSITORY'
    })
    await expect(openPullRequest({ ...request(), apiUrl: 'http://127.0.0.1:1' })).rejects.toThrow(
      /cannot reach/
    )
  })
})
