// The shape of one option in the table (table.ts): its name, default and help once, how its text
// parses, and on which surfaces it appears (Action input, CLI flag of which commands, kpromo's
// `cip` name). Everything else (action.yml, README tables, --help, both readers) derives from it.
import { splitList } from './values.js'

export type Command = 'validate' | 'plan' | 'run' | 'verify' | 'snapshot' | 'sigcheck' | 'pr'
export const COMMANDS: readonly Command[] = [
  'validate',
  'plan',
  'run',
  'verify',
  'snapshot',
  'sigcheck',
  'pr'
]

export type Group =
  | 'Manifests'
  | 'Scope and mode'
  | 'Signing'
  | 'Trust'
  | 'Vulnerability gate'
  | 'Registries'
  | 'Cache'
  | 'Limits and scale-out'
  | 'Output'
  | 'Snapshot'
  | 'Pull request'

export interface FlagSpec {
  /** Flag name without `--`; default the option name. */
  name?: string
  /** Other names accepted for the same flag (old spellings), never shown as the main name. */
  aliases?: readonly string[]
  commands: readonly Command[]
  /** Placeholder in --help, e.g. FILE, N, URL. */
  metavar?: string
  /** A boolean flag without a value (`--confirm`); otherwise a boolean takes `true|false`. */
  switch?: boolean
  /** The flag names a file whose text is the value (the Action input takes the text itself). */
  file?: boolean
  /** Help text for the CLI when it has to differ from the input's. */
  help?: string
  /** Repeatable: every occurrence is parsed and the arrays joined. */
  repeatable?: boolean
}

/** How kpromo's `cip` spells the option (cip accepts kpromo's flags unchanged). */
export interface KpromoSpec {
  name: string
  kind: 'string' | 'bool'
}

interface Base {
  help: string
  group: Group
  /** Action input name; default the option name; false: no input. */
  input?: string | false
  /** No flag: Action only. */
  flag?: FlagSpec
  kpromo?: KpromoSpec
  /** Masked wherever the runner prints (the Action masks the raw text before parsing). */
  secret?: boolean
  /** The default shown in action.yml when it is not a literal (`${{ github.token }}`). */
  actionDefault?: string
  /** The default as README shows it when there is no literal one (e.g. "by host"). */
  defaultLabel?: string
}

export interface OptionSpec<V> extends Base {
  kind: 'value' | 'list'
  /** The default as text, parsed like any given value; undefined: none. */
  default?: string
  /** Raw text(s) -> value. Scalars get the last text given; lists every item. */
  read: (texts: readonly string[]) => V
}

function last(texts: readonly string[]): string | undefined {
  for (let i = texts.length - 1; i >= 0; i--) if (texts[i]!.trim() !== '') return texts[i]
  return undefined
}

/** A single value; the default applies when none (or an empty text) is given. */
export function value<T>(
  spec: Base & { default: string; parse: (text: string) => T }
): OptionSpec<T>
export function value<T>(spec: Base & { parse: (text: string) => T }): OptionSpec<T | undefined>
export function value<T>(
  spec: Base & { default?: string; parse: (text: string) => T }
): OptionSpec<T | undefined> {
  const { parse, ...rest } = spec
  return {
    ...rest,
    kind: 'value',
    read: (texts) => {
      if (spec.flag?.repeatable && texts.length > 1)
        return texts.flatMap((t) => parse(t) as unknown[]) as T
      const text = last(texts) ?? spec.default
      return text === undefined ? undefined : parse(text)
    }
  }
}

/** Newline- or comma-separated items (CLI: the flag repeated, each may hold several). */
export function list<I>(spec: Base & { item: (text: string) => I }): OptionSpec<I[]> {
  const { item, ...rest } = spec
  return { ...rest, kind: 'list', read: (texts) => texts.flatMap(splitList).map(item) }
}

export const inputName = (name: string, spec: OptionSpec<unknown>): string | undefined =>
  spec.input === false ? undefined : (spec.input ?? name)

export const flagName = (name: string, spec: OptionSpec<unknown>): string | undefined =>
  spec.flag ? (spec.flag.name ?? name) : undefined
