// Runs the real CLI (`node --import tsx src/cli.ts run ...`) as one process that the crash
// scenario can SIGKILL (the tsx binary would put the CLI in a grandchild that survives the kill).
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
// tsx's loader by absolute URL: `--import tsx` would resolve from the child's cwd.
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href

export interface CliChild {
  child: ChildProcess
  /** Resolves with the exit code (null when killed) once the process has ended. */
  exited: Promise<number | null>
  output(): string
}

export function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}): CliChild {
  const child = spawn(
    process.execPath,
    ['--import', TSX_LOADER, join(ROOT, 'src/cli.ts'), ...args],
    {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let output = ''
  child.stdout!.on('data', (d: Buffer) => void (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => void (output += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, output: () => output }
}
