// A report path in an untrusted checkout: a planted symlink (at the file or at a directory on the
// way) or a named pipe is refused, and the file it points at is left as it was.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.js'
import { writeReportFile } from '../../src/report/write-file.js'

function checkout() {
  const dir = mkdtempSync(join(tmpdir(), 'report-path-'))
  const outside = mkdtempSync(join(tmpdir(), 'report-victim-'))
  writeFileSync(join(outside, 'victim'), 'untouched\n')
  // A manifest with an error: the run stops before any registry request, and still reports.
  writeFileSync(join(dir, 'promoter.yaml'), 'registries: []\nimages: []\n')
  return { dir, outside, victim: join(outside, 'victim') }
}

async function cliRun(cwd: string, report: string) {
  let stderr = ''
  const code = await main(['run', '--manifest', 'promoter.yaml', '--report', report], {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd,
    env: {}
  })
  return { code, stderr }
}

describe('report files', () => {
  it('run --report does not write through a symlink committed at the report name', async () => {
    const { dir, victim } = checkout()
    symlinkSync(victim, join(dir, 'report.json'))
    const { code, stderr } = await cliRun(dir, 'report.json')
    expect(code).toBe(1)
    expect(stderr).toMatch(/not writing .*report\.json: it is a symlink/)
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n')
  })

  it('run --report does not write through a symlinked directory on the way', async () => {
    const { dir, outside, victim } = checkout()
    symlinkSync(outside, join(dir, 'reports'))
    const { code, stderr } = await cliRun(dir, 'reports/victim')
    expect(code).toBe(1)
    expect(stderr).toMatch(/is a symlink/)
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n')
  })

  it('a named pipe is refused without blocking; a plain path is written', async () => {
    const { dir } = checkout()
    execFileSync('mkfifo', [join(dir, 'pipe.json')])
    expect(() => writeReportFile(dir, 'pipe.json', '{}')).toThrow(/named pipe/)
    mkdirSync(join(dir, 'out'))
    writeFileSync(join(dir, 'out', 'r.json'), 'a much longer previous content\n')
    expect(writeReportFile(dir, 'out/r.json', '{}\n')).toBe(join(dir, 'out', 'r.json'))
    expect(readFileSync(join(dir, 'out', 'r.json'), 'utf8')).toBe('{}\n')
    const { code } = await cliRun(dir, 'run-report.json')
    expect(code).toBe(1)
    expect(JSON.parse(readFileSync(join(dir, 'run-report.json'), 'utf8'))).toMatchObject({
      outcome: 'failure'
    })
  })
})
