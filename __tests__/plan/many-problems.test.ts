// A plan whose edges nearly all fail (a source that refuses every read, or a run cancelled in the
// middle of a full k8s.io plan: ~420,000 edges) reports each of them: collecting the problems
// once spread them as call arguments, which overflowed the stack past ~120,000.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.js'

const TAGS = 8_000
const DESTINATIONS = 20
let server: Server
let host: string
let dir: string

beforeAll(async () => {
  // Every read is refused (403: not retried), so every edge is an error.
  server = createServer((req, res) => {
    req.resume()
    if (req.url === '/v2/') return void res.end('{}')
    res.writeHead(403, { 'content-type': 'application/json' })
    res.end('{"errors":[{"code":"DENIED","message":"no"}]}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  host = `127.0.0.1:${(server.address() as { port: number }).port}`
  dir = mkdtempSync(join(tmpdir(), 'many-problems-'))
  mkdirSync(join(dir, 'manifests/p'), { recursive: true })
  mkdirSync(join(dir, 'images/p'), { recursive: true })
  const dests = Array.from({ length: DESTINATIONS }, (_, i) => `- name: ${host}/prod${i}`)
  writeFileSync(
    join(dir, 'manifests/p/promoter-manifest.yaml'),
    ['registries:', `- name: ${host}/staging`, '  src: true', ...dests, ''].join('\n')
  )
  const tags = Array.from({ length: TAGS }, (_, i) => `"v${i}"`).join(', ')
  writeFileSync(
    join(dir, 'images/p/images.yaml'),
    `- name: app\n  dmap:\n    "sha256:${'a'.repeat(64)}": [${tags}]\n`
  )
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

describe('a plan with ~160,000 failing edges', () => {
  it('reports them instead of overflowing the stack', async () => {
    let stderr = ''
    const code = await main(['plan', '--thin-manifest-dir', dir], {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      cwd: dir,
      env: {}
    })
    expect(stderr).not.toMatch(/call stack/)
    expect(code).not.toBe(0)
    expect(stderr).toMatch(/plan: 0 to promote, 0 done, 0 lost, 0 conflicts, 160000 errors/)
  }, 120_000)
})
