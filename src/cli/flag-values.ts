// The CLI's reading of the option table: a command's flags as typed values. A bad value is a
// UsageError (exit 2) that names the flag and what it expected.
import { readFileSync } from 'node:fs'
import { errorMessage } from '../errors.js'
import { flagOf, parseCommandFlags, type ParsedFlags } from '../options/read.js'
import type { Command } from '../options/spec.js'
import type { CliIo } from './io.js'

export class UsageError extends Error {}

/** The text of a file named by a flag, relative to the working directory. */
export function readText(io: Pick<CliIo, 'cwd'>, flag: string, path: string): string {
  try {
    return readFileSync(path.startsWith('/') ? path : `${io.cwd}/${path}`, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${path}: ${errorMessage(error)}`)
  }
}

/** `expected --flag N ...` reads like the usage line; other problems are prefixed `--flag: `. */
const flagMessage = (flag: string, message: string): string =>
  message.startsWith('expected ') ? `expected ${flag} ${message.slice(9)}` : `${flag}: ${message}`

/** A command's flags (table.ts); unknown flags and bad values throw. */
export function parseFlags(
  command: Command,
  args: string[],
  io: Pick<CliIo, 'cwd'>,
  allowPositionals = false
): ParsedFlags {
  return parseCommandFlags(
    command,
    args,
    (name, message) => new UsageError(flagMessage(flagOf(name), message)),
    (flag, path) => readText(io, flag, path),
    allowPositionals
  )
}

/** Run `fn`, turning any error into a UsageError with the same text. */
export function usage<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(errorMessage(error))
  }
}
