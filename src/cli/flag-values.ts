// Checked flag values shared by the commands: a bad value is a UsageError (exit 2) that names the
// flag and what it expected.
import { readFileSync } from 'node:fs'
import { errorMessage } from '../errors.js'
import type { CliIo } from './io.js'

export class UsageError extends Error {}

export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[]
): T | undefined {
  if (value === undefined) return undefined
  if (!allowed.includes(value as T))
    throw new UsageError(`expected ${flag} ${allowed.join('|')}, got "${value}"`)
  return value as T
}

export function whole(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`expected ${flag} N (a whole number >= 1), got "${value}"`)
  return Number(value)
}

/** The text of a file named by a flag, relative to the working directory. */
export function readText(io: CliIo, flag: string, path: string): string {
  try {
    return readFileSync(path.startsWith('/') ? path : `${io.cwd}/${path}`, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${path}: ${errorMessage(error)}`)
  }
}
