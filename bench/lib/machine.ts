// The machine and code a report was measured on: CPU, cores, memory, node, the peer tools'
// versions, and the git commit (marked when the working tree has uncommitted changes).
import { execFileSync } from 'node:child_process'
import { cpus, loadavg, release, totalmem } from 'node:os'

export interface MachineInfo {
  cpu: string
  cores: number
  memoryGb: number
  kernel: string
  node: string
  registry: string
  skopeo: string
  commit: string
  /** 1-minute load average when the report started (other work on the machine skews wall times). */
  load: number
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .trim()
      .split('\n')[0]!
  } catch {
    return `${cmd} not found`
  }
}

function commit(): string {
  const head = firstLine('git', ['rev-parse', '--short=12', 'HEAD'])
  const dirty = firstLine('git', ['status', '--porcelain', '--untracked-files=no']) !== ''
  return dirty ? `${head} (with uncommitted changes)` : head
}

export function machineInfo(): MachineInfo {
  const all = cpus()
  return {
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: `Linux ${release()}`,
    node: process.version,
    registry: firstLine('docker-registry', ['--version']),
    skopeo: firstLine('skopeo', ['--version']),
    commit: commit(),
    load: Math.round(loadavg()[0]! * 100) / 100
  }
}
