// Opens the promotion pull request through GitHub's REST API (POST /repos/{owner}/{repo}/pulls).
// The token and the API URL are parameters: the adapter reads them from the environment.
import { PrError } from './errors.js'

export interface PullRequestOptions {
  /** https://api.github.com, or GITHUB_API_URL on GitHub Enterprise. */
  apiUrl: string
  token: string
  /** OWNER/NAME. */
  repository: string
  /** The branch with the change (`owner:branch` for a fork). */
  head: string
  /** The branch to merge into. */
  base: string
  title: string
  body: string
  fetch?: typeof fetch
}

export interface PullRequest {
  number: number
  url: string
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/

export async function openPullRequest(options: PullRequestOptions): Promise<PullRequest> {
  if (!REPOSITORY.test(options.repository))
    throw new PrError('NO_GITHUB_REPOSITORY', `"${options.repository}" is not OWNER/NAME`, {
      hint: 'give --repository OWNER/NAME'
    })
  const url = `${options.apiUrl.replace(/\/+$/, '')}/repos/${options.repository}/pulls`
  let response: Response
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
        'user-agent': 'image-promoter',
        'x-github-api-version': '2022-11-28'
      },
      body: JSON.stringify({
        title: options.title,
        head: options.head,
        base: options.base,
        body: options.body,
        maintainer_can_modify: true
      }),
      signal: AbortSignal.timeout(60_000)
    })
  } catch (error) {
    throw new PrError('GITHUB_FAILED', `cannot reach ${url}: ${(error as Error).message}`, {
      hint: 'check GITHUB_API_URL and the network; the branch is pushed, open the PR by hand',
      cause: error
    })
  }
  const text = await response.text()
  if (response.status !== 201) {
    let message = text.slice(0, 300)
    try {
      const parsed = JSON.parse(text) as { message?: string; errors?: { message?: string }[] }
      message = [parsed.message, ...(parsed.errors ?? []).map((e) => e.message)]
        .filter(Boolean)
        .join('; ')
    } catch {
      // not JSON: the excerpt stands
    }
    throw new PrError(
      'GITHUB_FAILED',
      `GitHub refused the pull request (${response.status}): ${message}`,
      {
        hint:
          response.status === 401 || response.status === 403
            ? 'GITHUB_TOKEN needs contents: write and pull-requests: write on the repository'
            : 'the branch is pushed; open the pull request by hand or fix what GitHub says'
      }
    )
  }
  const pr = JSON.parse(text) as { number: number; html_url: string }
  return { number: pr.number, url: pr.html_url }
}
