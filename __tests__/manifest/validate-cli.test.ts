// `image-promoter validate` run in-process through main(): exit codes, the JSON object, the
// human summary and the file:line:column lines on stderr.
import { describe, expect, it } from '@jest/globals'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { FIXTURES } from './fixtures.js'

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd: FIXTURES,
    env: {}
  }
  const code = await main(['validate', ...argv], io)
  return { code, stdout, stderr }
}

describe('image-promoter validate', () => {
  it('prints one JSON object with counts and exits 0 for a valid tree', async () => {
    const { code, stdout } = await run('--thin-manifest-dir', 'k8s-thin/', '--json')
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({
      manifests: 6,
      images: 62,
      digests: 459,
      edges: 10164,
      errors: [],
      warnings: [
        expect.objectContaining({ file: 'images/k8s-staging-sig-storage/images.yaml', line: 259 }),
        expect.objectContaining({ file: 'images/k8s-staging-sig-storage/images.yaml', line: 261 })
      ]
    })
    expect(stdout.trim().split('\n')).toHaveLength(1)
  })

  it('lists every error with its file relative to the directory and exits 1', async () => {
    const { code, stdout } = await run('--json', '--thin-manifest-dir=thin-overlap')
    expect(code).toBe(1)
    const result = JSON.parse(stdout)
    expect(result).toMatchObject({ manifests: 2, images: 7, digests: 8, edges: 12 })
    expect(result.errors).toHaveLength(4)
    expect(result.errors[0]).toEqual({
      file: 'images/one/images.yaml',
      line: 3,
      column: 81,
      message: expect.stringContaining('overlapping edges: tag "3.9"')
    })
  })

  it('lists warnings with file, line and column in the JSON object (issue #15)', async () => {
    const { stdout } = await run('--json', '--thin-manifest-dir=thin-rules')
    const result = JSON.parse(stdout)
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        {
          file: 'images/alpha/images.yaml',
          line: 3,
          column: 5,
          message: expect.stringContaining('invalid digest: sha256:abc')
        },
        {
          file: 'images/alpha/images.yaml',
          line: 3,
          column: 26,
          message: expect.stringContaining('invalid tag: "-bad"')
        }
      ])
    )
    expect(result.warnings).toHaveLength(5)
  })

  it('prints a summary on stdout and file:line:column lines on stderr', async () => {
    const { code, stdout, stderr } = await run('--manifest', 'plain/rules/v7-invalid-digest.yaml')
    expect(code).toBe(1)
    expect(stdout).toBe(
      'invalid (2 errors): 1 manifests, 1 images, 3 digests, 3 edges, 0 warnings\n'
    )
    expect(stderr.split('\n')[0]).toMatch(
      /^v7-invalid-digest\.yaml:8:5: invalid digest: sha256:A+ \(expected/
    )
    expect(stderr.split('\n')[1]).toMatch(
      /^v7-invalid-digest\.yaml:9:5: invalid digest: sha256:123 /
    )
  })

  it('shows warnings on stderr without failing', async () => {
    const { code, stdout, stderr } = await run('--thin-manifest-dir', 'k8s-thin')
    expect(code).toBe(0)
    expect(stdout).toBe('valid: 6 manifests, 62 images, 459 digests, 10164 edges, 2 warnings\n')
    expect(stderr).toContain(
      "images/k8s-staging-sig-storage/images.yaml:259:3: warning: images: 'dmap' field cannot be empty"
    )
  })

  it.each([
    [[], 'give exactly one of --manifest FILE and --thin-manifest-dir DIR'],
    [['--manifest', 'a.yaml', '--thin-manifest-dir', 'dir'], 'give exactly one of'],
    [['--manifests', 'a.yaml'], "Unknown option '--manifests'"],
    [['--manifest'], "Option '--manifest <value>' argument missing"],
    [['--thin-manifest-dir', 'dir', 'extra'], "Unexpected argument 'extra'"]
  ])('exits 2 with a clear message for usage errors: %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(...argv)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain(message)
    expect(stderr).toContain('usage: image-promoter validate')
  })
})
