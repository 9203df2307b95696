// Opening a pull request through GitHub's REST API (`pr --open`), with the token from
// GITHUB_TOKEN. The CLI's only GitHub call; the Action uses @actions/github instead.
import { errorMessage } from '../errors.js'
import { knownSecrets } from '../oci/registry/index.js'
import { UsageError } from './flag-values.js'

export interface PullRequest {
  repo: string
  title: string
  head: string
  base: string
  body: string
}

export async function openPullRequest(
  env: Record<string, string | undefined>,
  pull: PullRequest
): Promise<string> {
  const token = env.GITHUB_TOKEN
  if (!token)
    throw new UsageError('--open needs GITHUB_TOKEN (a token that may open pull requests)')
  knownSecrets.add(token)
  const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '')
  let response: Response
  try {
    response = await fetch(`${api}/repos/${pull.repo}/pulls`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.github+json',
        'content-type': 'application/json'
      },
      body: JSON.stringify({ title: pull.title, head: pull.head, base: pull.base, body: pull.body })
    })
  } catch (error) {
    throw new Error(`cannot reach ${api}: ${errorMessage(error)}`, { cause: error })
  }
  const answer = (await response.json().catch(() => ({}))) as {
    html_url?: string
    message?: string
  }
  if (response.status !== 201)
    throw new Error(
      `GitHub refused the pull request (${response.status}): ${answer.message ?? 'no message'}; check the token's pull-requests: write permission and that ${pull.head} was pushed`
    )
  return answer.html_url ?? `${pull.repo}#?`
}
