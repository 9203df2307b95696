// End to end through the real CLI process (issue #12): a pull request's manifest tree links
// files to /proc/self/environ and to a secret file outside the tree. `validate` and `plan` refuse
// them with LINK_OUTSIDE_ROOT, and the planted secret (an environment variable of the CLI process
// and the content of the outside file) appears nowhere in stdout, stderr or the JSON.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnCli } from '../reliability/crash-child.js'
import { SECRET, link, plantOutside, thinTree } from '../manifest/hostile-cases.js'

const scratch = mkdtempSync(join(tmpdir(), 'hostile-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The CLI with the secret in its environment, as a CI job's token would be. */
async function cli(cwd: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const run = spawnCli(args, cwd, { PROMOTER_TEST_TOKEN: SECRET })
  const code = await run.exited
  return { code, out: run.output() }
}

function tree(name: string, images: string): string {
  const dir = join(scratch, name)
  const outside = plantOutside(dir)
  const root = thinTree(dir)
  rmSync(join(root, 'images/a/images.yaml'))
  link(
    join(root, 'images/a/images.yaml'),
    images === 'outside' ? join(outside, 'secret.txt') : images
  )
  link(join(root, 'plain.yaml'), '/proc/self/environ')
  return dir
}

describe('hostile manifests through the CLI', () => {
  it('validate --json: a link to /proc/self/environ is refused, the environment never printed', async () => {
    const dir = tree('environ', '/proc/self/environ')
    const { code, out } = await cli(dir, 'validate', '--thin-manifest-dir', 'tree', '--json')
    expect(code).toBe(1)
    expect(out).not.toContain(SECRET)
    const json = JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!)
    expect(json.errors).toEqual([
      expect.objectContaining({
        file: 'images/a/images.yaml',
        message: expect.stringContaining('symbolic link')
      })
    ])
  })

  it('validate --manifest: a plain manifest linked to /proc/self/environ', async () => {
    const dir = tree('plain', '/proc/self/environ')
    const { code, out } = await cli(join(dir, 'tree'), 'validate', '--manifest', 'plain.yaml')
    expect(code).toBe(1)
    expect(out).toContain('plain.yaml:1:1')
    expect(out).not.toContain(SECRET)
  })

  it('plan: a link to a secret file outside the tree stops the run before any registry', async () => {
    const dir = tree('plan', 'outside')
    const { code, out } = await cli(dir, 'plan', '--thin-manifest-dir', 'tree')
    expect(code).not.toBe(0)
    expect(out).toContain('images/a/images.yaml')
    expect(out).not.toContain(SECRET)
  })
})
