// The two readers of the table: Action inputs (a getter per input name, so it runs in process in
// tests) and CLI flags (node:util parseArgs, derived per command). Both give one typed value.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { flagName, inputName, type Command, type OptionSpec } from './spec.js'
import { OPTIONS, type OptionName, type OptionValues } from './table.js'

type Texts = Partial<Record<OptionName, string[]>>
/** Builds the surface's error for a bad value of `name` (an input or a --flag). */
export type WrapError = (name: OptionName, message: string) => Error

const entries = Object.entries(OPTIONS) as [OptionName, OptionSpec<unknown>][]

function readAll(texts: Texts, wrap: WrapError): OptionValues {
  const values: Record<string, unknown> = {}
  for (const [name, spec] of entries) {
    try {
      values[name] = spec.read(texts[name] ?? [])
    } catch (error) {
      throw wrap(name, (error as Error).message)
    }
  }
  return values as OptionValues
}

/** The Action's inputs: options without an input keep their defaults. Secrets are masked first. */
export function readInputs(
  get: (input: string) => string,
  wrap: WrapError,
  mask: (secret: string) => void = () => undefined
): OptionValues {
  const texts: Texts = {}
  for (const [name, spec] of entries) {
    const input = inputName(name, spec)
    if (input === undefined) continue
    const text = get(input)
    if (spec.secret && text.trim()) mask(text.trim())
    texts[name] = [text]
  }
  return readAll(texts, wrap)
}

/** The parseArgs config of a command: every flag and alias of the options it takes. */
export function commandFlags(command: Command): ParseArgsOptionsConfig {
  const config: ParseArgsOptionsConfig = {}
  for (const [name, spec] of entries) {
    if (!spec.flag?.commands.includes(command)) continue
    for (const flag of [flagName(name, spec)!, ...(spec.flag.aliases ?? [])])
      config[flag] = spec.flag.switch ? { type: 'boolean' } : { type: 'string', multiple: true }
  }
  return config
}

export interface ParsedFlags {
  values: OptionValues
  positionals: string[]
  /** Options given on the command line (by any of their names). */
  given: Set<OptionName>
}

/**
 * A command's flags. Unknown flags and missing values throw parseArgs' own errors; a bad value
 * throws `wrap`'s error. `readFile` turns the path of a file flag (--signing-key) into its text.
 */
export function parseCommandFlags(
  command: Command,
  args: string[],
  wrap: WrapError,
  readFile: (flag: string, path: string) => string,
  allowPositionals = false
): ParsedFlags {
  const { tokens, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals,
    tokens: true,
    options: commandFlags(command)
  })
  const byFlag = new Map<string, [OptionName, OptionSpec<unknown>]>()
  for (const [name, spec] of entries)
    if (spec.flag?.commands.includes(command))
      for (const flag of [flagName(name, spec)!, ...(spec.flag.aliases ?? [])])
        byFlag.set(flag, [name, spec])
  const texts: Texts = {}
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const [name, spec] = byFlag.get(token.name)!
    const text = spec.flag!.switch
      ? 'true'
      : spec.flag!.file
        ? readFile(`--${token.name}`, token.value!)
        : token.value!
    ;(texts[name] ??= []).push(text)
  }
  return {
    values: readAll(texts, wrap),
    positionals,
    given: new Set(Object.keys(texts) as OptionName[])
  }
}

/** The flag an option is spelled as on the CLI (for error messages). */
export const flagOf = (name: OptionName): string =>
  `--${flagName(name, OPTIONS[name] as OptionSpec<unknown>) ?? name}`

/** The input an option is spelled as in the Action. */
export const inputOf = (name: OptionName): string =>
  inputName(name, OPTIONS[name] as OptionSpec<unknown>) ?? name
