// A loopback stand-in for the part of GitHub's REST API the action uses (issue comments and
// /user). This is the ONE mock in the suite: GitHub's API cannot run here. It keeps comments in
// memory and records every request, so tests assert created-then-edited-in-place behaviour.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeComment {
  id: number
  body: string
  user: { login: string }
}

/** A pull request opened through `POST /repos/{owner}/{repo}/pulls`. */
export interface FakePull {
  number: number
  repo: string
  title: string
  head: string
  base: string
  body: string
  authorization?: string
}

export interface GitHubApiStandIn {
  /** Value for GITHUB_API_URL. */
  url: string
  comments: FakeComment[]
  pulls: FakePull[]
  requests: Array<{ method: string; path: string }>
  /** Make comment writes answer 403, as for a fork PR's read-only token. */
  readOnly: boolean
  stop: () => Promise<void>
}

export async function startGitHubApi(botLogin = 'github-actions[bot]'): Promise<GitHubApiStandIn> {
  const state: GitHubApiStandIn = {
    url: '',
    comments: [],
    pulls: [],
    requests: [],
    readOnly: false,
    stop: async () => {}
  }
  let nextId = 100
  const server = createServer(async (req, res) => {
    let raw = ''
    for await (const chunk of req) raw += chunk
    const path = new URL(req.url ?? '/', 'http://x').pathname
    state.requests.push({ method: req.method ?? 'GET', path })
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    if (path === '/user') return send(403, { message: 'Resource not accessible by integration' })
    const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path)
    const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path)
    const write = req.method === 'POST' || req.method === 'PATCH'
    if (write && state.readOnly)
      return send(403, { message: 'Resource not accessible by integration' })
    const pulls = /^\/repos\/([^/]+\/[^/]+)\/pulls$/.exec(path)
    if (pulls && req.method === 'POST') {
      const body = JSON.parse(raw) as Omit<FakePull, 'number' | 'repo'>
      if (!body.title || !body.head || !body.base)
        return send(422, { message: 'Validation Failed' })
      const pull = {
        number: nextId++,
        repo: pulls[1]!,
        title: body.title,
        head: body.head,
        base: body.base,
        body: body.body ?? '',
        authorization: req.headers.authorization
      }
      state.pulls.push(pull)
      return send(201, {
        number: pull.number,
        html_url: `https://github.com/${pull.repo}/pull/${pull.number}`
      })
    }
    if (list && req.method === 'GET') return send(200, state.comments)
    if (list && req.method === 'POST') {
      const comment = {
        id: nextId++,
        body: (JSON.parse(raw) as { body: string }).body,
        user: { login: botLogin }
      }
      state.comments.push(comment)
      return send(201, comment)
    }
    if (one && req.method === 'PATCH') {
      const comment = state.comments.find((c) => c.id === Number(one[1]))
      if (!comment) return send(404, { message: 'Not Found' })
      comment.body = (JSON.parse(raw) as { body: string }).body
      return send(200, comment)
    }
    send(404, { message: `no stand-in for ${req.method} ${path}` })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  state.stop = () => new Promise((resolve) => server.close(() => resolve()))
  return state
}
