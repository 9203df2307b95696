// `npm run options:sync`: rewrites action.yml's inputs and the README's inputs and CLI-flags tables
// from the option table (src/options/table.ts). __tests__/options/surfaces.test.ts fails until
// they agree, so a changed option is a table edit plus this command.
import { readFileSync, writeFileSync } from 'node:fs'
import { format } from 'prettier'
import { stringify } from 'yaml'
import {
  actionInputGroups,
  actionInputs,
  FLAGS_HEADER,
  flagRows,
  INPUTS_HEADER,
  inputRows,
  markdownTable
} from '../src/options/render.js'

const scalar = (value: string): string =>
  stringify(value, { lineWidth: 0, singleQuote: true }).trimEnd()

function actionYml(text: string): string {
  const groups = actionInputGroups()
  const lines = ['inputs:']
  for (const [name, spec] of Object.entries(actionInputs())) {
    if (groups[name]) lines.push(`  # ${groups[name]}`)
    lines.push(`  ${name}:`, `    description: ${scalar(spec.description)}`, '    required: false')
    if (spec.default !== undefined) lines.push(`    default: ${scalar(spec.default)}`)
  }
  const start = text.indexOf('\ninputs:\n') + 1
  const end = text.indexOf('\noutputs:\n') + 1
  if (start <= 0 || end <= 0) throw new Error('action.yml: no inputs: or outputs: section')
  return `${text.slice(0, start)}${lines.join('\n')}\n\n${text.slice(end)}`
}

/** Replace the text between `<!-- options:NAME -->` and `<!-- /options:NAME -->`. */
function between(text: string, name: string, body: string): string {
  const open = `<!-- options:${name} -->`
  const close = `<!-- /options:${name} -->`
  const start = text.indexOf(open)
  const end = text.indexOf(close)
  if (start < 0 || end < start) throw new Error(`README.md: no ${open} ... ${close} markers`)
  return `${text.slice(0, start + open.length)}\n\n${body}\n\n${text.slice(end)}`
}

function readme(text: string): string {
  const inputs = between(text, 'inputs', markdownTable(INPUTS_HEADER, inputRows()))
  return between(inputs, 'cli-flags', markdownTable(FLAGS_HEADER, flagRows()))
}

const prettier = JSON.parse(readFileSync('.prettierrc.json', 'utf8')) as Record<string, unknown>
for (const [file, rewrite, parser] of [
  ['action.yml', actionYml, 'yaml'],
  ['README.md', readme, 'markdown']
] as const) {
  const before = readFileSync(file, 'utf8')
  const after = await format(rewrite(before), { ...prettier, parser })
  if (after !== before) writeFileSync(file, after)
  console.log(`${file}: ${after === before ? 'up to date' : 'rewritten'}`)
}
