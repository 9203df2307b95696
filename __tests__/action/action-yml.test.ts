// One option table, four surfaces: action.yml's inputs, the README's inputs and CLI-flags tables,
// and every command's --help must say what src/options/table.ts says (fix: npm run options:sync).
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { main } from '../../src/cli/main.js'
import { commandFlags } from '../../src/options/read.js'
import {
  actionInputs,
  FLAGS_HEADER,
  flagRows,
  INPUTS_HEADER,
  inputRows
} from '../../src/options/render.js'
import { COMMANDS } from '../../src/options/spec.js'
import { OPTIONS } from '../../src/options/table.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}
const readme = readFileSync('README.md', 'utf8')

/** The rows of the README table between `<!-- options:NAME -->` markers, cells unescaped. */
function readmeTable(name: string): string[][] {
  const start = readme.indexOf(`<!-- options:${name} -->`)
  const end = readme.indexOf(`<!-- /options:${name} -->`)
  expect(start).toBeGreaterThan(0)
  expect(end).toBeGreaterThan(start)
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|'))
    )
}

async function help(command: string): Promise<string> {
  let out = ''
  const io = { stdout: (t: string) => (out += t), stderr: () => undefined, cwd: '/', env: {} }
  expect(await main([command, '--help'], io)).toBe(0)
  return out
}

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it("declares exactly the table's inputs, in order, with its descriptions and defaults", () => {
    expect(action.inputs).toEqual(actionInputs())
    expect(Object.keys(action.inputs)).toEqual(Object.keys(actionInputs()))
  })

  it('describes every output, and the README lists them', () => {
    for (const [name, spec] of Object.entries(action.outputs)) {
      expect(spec.description.length).toBeGreaterThan(10)
      expect(readme).toContain(`\`${name}\``)
    }
  })

  it('inputs are read only through the table (no getInput elsewhere in src/action)', () => {
    const reads = readdirSync('src/action')
      .map((file) => [file, readFileSync(`src/action/${file}`, 'utf8')] as const)
      .filter(([, text]) => /get(Boolean|Multiline)?Input\(/.test(text))
      .map(([file]) => file)
    expect(reads).toEqual(['inputs.ts'])
  })
})

describe('README tables', () => {
  it('the inputs table is the table', () => {
    expect(readmeTable('inputs')).toEqual([
      INPUTS_HEADER,
      INPUTS_HEADER.map(() => expect.stringMatching(/^-+$/)),
      ...inputRows()
    ])
  })

  it('the CLI flags table is the table', () => {
    expect(readmeTable('cli-flags')).toEqual([
      FLAGS_HEADER,
      FLAGS_HEADER.map(() => expect.stringMatching(/^-+$/)),
      ...flagRows()
    ])
  })
})

describe('CLI help', () => {
  it.each(COMMANDS)('%s --help lists every flag it accepts, aliases included', async (command) => {
    const text = await help(command)
    const accepted = Object.keys(commandFlags(command))
    expect(accepted.length).toBeGreaterThan(0)
    for (const flag of accepted) expect(text).toMatch(new RegExp(`--${flag}\\b`))
  })

  it('cip --help lists every kpromo name of the table', async () => {
    const text = await help('cip')
    const kpromo = Object.values(OPTIONS).flatMap((o) =>
      'kpromo' in o && o.kpromo ? [o.kpromo.name] : []
    )
    expect(kpromo.length).toBeGreaterThan(8)
    for (const name of kpromo) expect(text).toContain(`--${name}`)
  })
})
