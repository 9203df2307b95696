// A parser for Go `flag`-style arguments as kpromo's cobra CLI accepts them: `-f`/`--f`,
// `--f=v` or `--f v` for strings, `--b`, `--b=true|false` for booleans. Unknown flags are errors.

export type GoFlagKind = 'string' | 'bool'

export class GoFlagError extends Error {}

export function parseGoFlags(
  args: readonly string[],
  spec: Record<string, GoFlagKind>
): Map<string, string | boolean> {
  const values = new Map<string, string | boolean>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(arg)
    if (!match) throw new GoFlagError(`unexpected argument "${arg}" (cip takes flags only)`)
    const [, name, inline] = match as unknown as [string, string, string | undefined]
    const kind = spec[name]
    if (!kind) throw new GoFlagError(`unknown flag --${name}`)
    if (kind === 'bool') {
      if (inline !== undefined && !/^(true|false|1|0|t|f)$/i.test(inline)) {
        throw new GoFlagError(`invalid boolean value "${inline}" for --${name}`)
      }
      values.set(name, inline === undefined || /^(true|1|t)$/i.test(inline))
      continue
    }
    const value = inline ?? args[++i]
    if (value === undefined) throw new GoFlagError(`flag needs an argument: --${name}`)
    values.set(name, value)
  }
  return values
}
