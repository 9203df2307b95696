// The sticky PR comment against a loopback stand-in for GitHub's REST API (the only mock: GitHub's
// API cannot run here).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as github from '@actions/github'
import { startGitHubApi, type GitHubApiStandIn } from '../harness/github-api.js'
import { commentMarker, upsertStickyComment } from '../../src/action/comment.js'

let api: GitHubApiStandIn
beforeAll(async () => {
  api = await startGitHubApi()
})
afterAll(async () => api.stop())

const target = { owner: 'o', repo: 'r', issueNumber: 7, header: 'plan' }

describe('sticky comment', () => {
  it('creates once, then edits the same comment in place', async () => {
    const octokit = github.getOctokit('token', { baseUrl: api.url })
    expect(await upsertStickyComment(octokit, target, 'first')).toBe('created')
    expect(await upsertStickyComment(octokit, target, 'second')).toBe('updated')
    expect(api.comments).toHaveLength(1)
    expect(api.comments[0]!.body).toBe(`${commentMarker('plan')}\nsecond`)
  })

  it('does not hijack a comment by another author that quotes the marker', async () => {
    api.comments.push({ id: 1, body: commentMarker('other'), user: { login: 'someone' } })
    const octokit = github.getOctokit('token', { baseUrl: api.url })
    expect(await upsertStickyComment(octokit, { ...target, header: 'other' }, 'mine')).toBe(
      'created'
    )
    expect(api.comments.find((c) => c.id === 1)!.body).toBe(commentMarker('other'))
  })

  it('skips with a warning when the token cannot write (fork PRs)', async () => {
    api.readOnly = true
    const octokit = github.getOctokit('token', { baseUrl: api.url })
    expect(await upsertStickyComment(octokit, { ...target, issueNumber: 8 }, 'x')).toBe('skipped')
    api.readOnly = false
  })

  it('cuts a body over the comment limit', async () => {
    const octokit = github.getOctokit('token', { baseUrl: api.url })
    await upsertStickyComment(
      octokit,
      { ...target, issueNumber: 9, header: 'big' },
      'x'.repeat(70_000)
    )
    const body = api.comments.at(-1)!.body
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toContain('job summary')
  })
})
