// What the table looks like on each surface: a command's --help lines, action.yml's inputs, and
// the README's inputs and CLI-flags tables (as rows; scripts/options-sync.ts writes them).
import { COMMANDS, flagName, inputName, type Command, type OptionSpec } from './spec.js'
import { OPTIONS } from './table.js'

const entries = Object.entries(OPTIONS) as [string, OptionSpec<unknown>][]
const plain = (text: string): string => text.replace(/`/g, '')

export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  return line ? [...lines, line] : lines
}

function flagLabel(name: string, spec: OptionSpec<unknown>): string {
  const flag = `--${flagName(name, spec)}`
  return spec.flag!.switch ? flag : `${flag} ${spec.flag!.metavar ?? 'VALUE'}`
}

/** The default worth showing: none for switches and empty texts. */
const shownDefault = (spec: OptionSpec<unknown>): string | undefined =>
  spec.default === '' ? undefined : spec.default

function flagDefault(spec: OptionSpec<unknown>): string | undefined {
  if (spec.flag?.switch) return undefined
  return shownDefault(spec) ?? spec.defaultLabel
}

const LEFT = 32
const WIDTH = 100

/** The flag lines of a command's --help, in table order. */
export function flagHelp(command: Command): string {
  const lines: string[] = []
  for (const [name, spec] of entries) {
    if (!spec.flag?.commands.includes(command)) continue
    const notes = [
      flagDefault(spec) !== undefined ? `default ${flagDefault(spec)}` : undefined,
      spec.flag.aliases?.length
        ? `also ${spec.flag.aliases.map((a) => `--${a}`).join(', ')}`
        : undefined,
      spec.kind === 'list' || spec.flag.repeatable ? 'repeatable' : undefined
    ].filter(Boolean)
    const help = plain(spec.flag.help ?? spec.help) + (notes.length ? ` (${notes.join('; ')})` : '')
    const label = `  ${flagLabel(name, spec)}`
    const body = wrap(help, WIDTH - LEFT)
    if (label.length >= LEFT) lines.push(label, ...body.map((l) => `${' '.repeat(LEFT)}${l}`))
    else
      lines.push(
        `${label.padEnd(LEFT)}${body[0]}`,
        ...body.slice(1).map((l) => `${' '.repeat(LEFT)}${l}`)
      )
  }
  return lines.join('\n')
}

export interface ActionInputSpec {
  description: string
  required: false
  default?: string
}

/** action.yml's `inputs:` mapping, in table order. */
export function actionInputs(): Record<string, ActionInputSpec> {
  const inputs: Record<string, ActionInputSpec> = {}
  for (const [name, spec] of entries) {
    const input = inputName(name, spec)
    if (input === undefined) continue
    const fallback = spec.actionDefault ?? shownDefault(spec)
    inputs[input] = {
      description: plain(spec.help),
      required: false,
      ...(fallback !== undefined ? { default: fallback } : {})
    }
  }
  return inputs
}

/** The group comment placed above the first input of each group in action.yml. */
export function actionInputGroups(): Record<string, string> {
  const groups: Record<string, string> = {}
  let group = ''
  for (const [name, spec] of entries) {
    const input = inputName(name, spec)
    if (input === undefined || spec.group === group) continue
    group = spec.group
    groups[input] = group
  }
  return groups
}

const code = (text: string): string => `\`${text}\``

/** README "Inputs" rows: input, default, description. */
export function inputRows(): string[][] {
  const rows: string[][] = []
  for (const [name, spec] of entries) {
    const input = inputName(name, spec)
    if (input === undefined) continue
    const fallback = spec.actionDefault ?? shownDefault(spec)
    rows.push([
      code(input),
      fallback !== undefined ? code(fallback) : (spec.defaultLabel ?? ''),
      spec.help
    ])
  }
  return rows
}

/** README "CLI flags" rows: flag, commands, kpromo cip name, default, description. */
export function flagRows(): string[][] {
  const rows: string[][] = []
  for (const [name, spec] of entries) {
    if (!spec.flag) continue
    const commands = COMMANDS.filter((c) => spec.flag!.commands.includes(c))
    const aliases = spec.flag.aliases?.map((a) => code(`--${a}`)).join(', ')
    const fallback = spec.flag.switch ? undefined : shownDefault(spec)
    rows.push([
      code(flagLabel(name, spec)),
      commands.join(', '),
      spec.kpromo ? code(`--${spec.kpromo.name}`) : '',
      fallback !== undefined ? code(fallback) : (spec.defaultLabel ?? ''),
      (spec.flag.help ?? spec.help) + (aliases ? ` Also ${aliases}.` : '')
    ])
  }
  return rows
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export const INPUTS_HEADER = ['input', 'default', 'description']
export const FLAGS_HEADER = ['flag', 'commands', 'kpromo `cip`', 'default', 'description']
