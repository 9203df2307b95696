// Child processes started by the harness: spawned with a time limit (coreutils `timeout`),
// stopped by PID, and killed when the test process exits so nothing outlives a run.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'

const live = new Map<number, ChildProcess>()
const scratchDirs = new Set<string>()
let hooked = false

function hookExit(): void {
  if (hooked) return
  hooked = true
  process.on('exit', () => {
    for (const pid of live.keys()) {
      try {
        // SIGTERM, not SIGKILL: `timeout` forwards it to the command it runs.
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true })
  })
}

/** Remove `dir` when the process exits, unless it was removed before. */
export function removeOnExit(dir: string): void {
  hookExit()
  scratchDirs.add(dir)
}

export function forgetScratch(dir: string): void {
  scratchDirs.delete(dir)
}

/** Default upper bound on a harness child's life, so an aborted run leaves nothing behind. */
export const DEFAULT_CHILD_TTL_SECONDS = 1800

/**
 * Spawn `command` under `timeout TTL` (so it dies by itself even if this process is killed
 * with SIGKILL), remember its PID, and kill it on exit.
 */
export function spawnChild(
  command: string,
  args: string[],
  options: SpawnOptions,
  ttlSeconds = DEFAULT_CHILD_TTL_SECONDS
): ChildProcess {
  hookExit()
  const limited = existsSync('/usr/bin/timeout')
  const child = limited
    ? spawn('/usr/bin/timeout', ['-s', 'KILL', String(ttlSeconds), command, ...args], options)
    : spawn(command, args, options)
  if (child.pid !== undefined) {
    const pid = child.pid
    live.set(pid, child)
    child.once('exit', () => live.delete(pid))
  }
  return child
}

/** Stop a child by its PID: SIGTERM, then SIGKILL after `graceMs`. Idempotent. */
export async function stopChild(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
