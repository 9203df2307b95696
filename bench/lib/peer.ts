// Run a peer tool (skopeo...) as a child process under /usr/bin/time, for its wall time, CPU and
// peak RSS; falls back to polling /proc/PID/status when GNU time is not installed.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PeerRun {
  exitCode: number
  wallMs: number
  userS?: number
  sysS?: number
  peakRssMb: number
  stdout: string
  stderr: string
}

const GNU_TIME = '/usr/bin/time'

function procPeakKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

export async function runPeer(
  cmd: string,
  args: string[],
  env: Record<string, string> = {}
): Promise<PeerRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-peer-'))
  const timeFile = join(scratch, 'time')
  const timed = existsSync(GNU_TIME)
  const child = timed
    ? spawn(GNU_TIME, ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...args], {
        env: { ...process.env, ...env }
      })
    : spawn(cmd, args, { env: { ...process.env, ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  let polledKb = 0
  const poller = timed
    ? undefined
    : setInterval(() => (polledKb = Math.max(polledKb, procPeakKb(child.pid!))), 20)
  const start = performance.now()
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code ?? 1))
  })
  const wallMs = performance.now() - start
  clearInterval(poller)
  try {
    if (!timed) return { exitCode, wallMs, peakRssMb: polledKb / 1024, stdout, stderr }
    // time's own elapsed has 10 ms resolution: keep ours.
    const [, user, sys, rssKb] = readFileSync(timeFile, 'utf8')
      .trim()
      .split('\n')
      .at(-1)!
      .split(' ')
      .map(Number)
    return { exitCode, wallMs, userS: user, sysS: sys, peakRssMb: rssKb / 1024, stdout, stderr }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
