// What a CLI command may touch of the outside world; tests pass their own.

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  env: Record<string, string | undefined>
  /** stderr is a terminal: live progress bar instead of log lines. */
  isTTY?: boolean
  /** Aborted on SIGINT/SIGTERM: the run stops its I/O and ends with EXIT.cancelled. */
  signal?: AbortSignal
}

/**
 * Exit codes: 0 success or nothing to do, 1 failures found, 2 usage error, 130 stopped before
 * completion (SIGINT/SIGTERM; re-run to finish).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const

export interface CliCommand {
  name: string
  summary: string
  usage: string
  run: (args: string[], io: CliIo) => Promise<number>
}
