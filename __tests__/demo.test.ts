// `npm run demo`, the README's first command, run as a user runs it.
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

describe('npm run demo', () => {
  it('promotes, signs, attests and verifies on OCI layout directories with no network', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'demo-test-')), 'demo')
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile('npm', ['run', '--silent', 'demo', '--', dir], { timeout: 60_000 }, (error, out) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out })
      )
    })
    expect(code).toBe(0)
    expect(stdout).toMatch(/edges: 6; to promote: 6; promoted: 6/)
    expect(stdout).toMatch(/signed: 4; attested: 2/)
    expect(stdout).toMatch(/already done: 6/)
    expect(stdout.match(/verified sig-tag/g)).toHaveLength(2)
    expect(
      stdout.match(/verified referrer .* https:\/\/k8s\.io\/promo-tools\/promotion\/v1/g)
    ).toHaveLength(2)
    const report = JSON.parse(readFileSync(join(dir, 'run-report.json'), 'utf8'))
    expect(report.outcome).toBe('success')
    expect(existsSync(join(dir, 'prod-us/app/index.json'))).toBe(true)
  }, 90_000)
})
