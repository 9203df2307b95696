// `image-promoter --version` prints package.json's version, from the sources and from the bundle.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { main } from '../../src/cli/main.js'

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version

describe('image-promoter --version', () => {
  it('prints the package version and exits 0', async () => {
    let out = ''
    const io = {
      stdout: (t: string) => void (out += t),
      stderr: () => undefined,
      cwd: process.cwd(),
      env: {},
      isTTY: false
    }
    expect(await main(['--version'], io)).toBe(0)
    expect(out).toBe(`image-promoter ${version}\n`)
  })

  it('the bundled CLI (dist/cli/index.js) says the same', () => {
    const out = execFileSync(process.execPath, ['dist/cli/index.js', '--version'], {
      encoding: 'utf8'
    })
    expect(out).toBe(`image-promoter ${version}\n`)
  })
})
