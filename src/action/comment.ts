// The optional sticky PR comment: one comment per (repository, PR, header) found by a hidden
// marker AND authored by the token's own login, edited in place. Commenting never fails the job.
import * as core from '@actions/core'
import type * as github from '@actions/github'
import { redactOutput, redactText } from '../oci/registry/index.js'
import { oneLine } from '../report/escape.js'

type Octokit = ReturnType<typeof github.getOctokit>

export const COMMENT_LIMIT = 65_536
/** Bytes of markdown rendered for the comment: under the limit even in multi-byte characters. */
export const COMMENT_BUDGET = 60_000

export interface StickyCommentTarget {
  owner: string
  repo: string
  issueNumber: number
  /** Distinguishes several promoter jobs commenting on one PR. */
  header: string
}

export function commentMarker(header: string): string {
  return `<!-- image-promoter:${header} -->`
}

async function ownLogin(octokit: Octokit): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return data.login
  } catch {
    // Installation tokens (GITHUB_TOKEN) cannot call /user; comments are then made by github-actions[bot].
    return 'github-actions[bot]'
  }
}

/** Create or update the sticky comment; returns 'created' | 'updated' | 'skipped'. */
export async function upsertStickyComment(
  octokit: Octokit,
  target: StickyCommentTarget,
  markdown: string
): Promise<'created' | 'updated' | 'skipped'> {
  const marker = commentMarker(target.header)
  let body = `${marker}\n${markdown}`
  if (body.length > COMMENT_LIMIT) {
    body = `${body.slice(0, COMMENT_LIMIT - 200)}\n\n… cut at GitHub's comment limit: see the job summary for the full plan.`
  }
  try {
    const login = await ownLogin(octokit)
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      per_page: 100
    })
    const mine = comments.find(
      (c) => c.body?.includes(marker) && (login === undefined || c.user?.login === login)
    )
    if (mine) {
      await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: mine.id,
        body
      })
      return 'updated'
    }
    await octokit.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      body
    })
    return 'created'
  } catch (error) {
    const status = (error as { status?: number }).status
    const why =
      status === 403 || status === 404
        ? 'the token cannot write comments (fork pull requests get a read-only token; the job needs `pull-requests: write`)'
        : oneLine(redactOutput(redactText((error as Error).message)))
    core.warning(`PR comment skipped: ${why}`)
    return 'skipped'
  }
}
