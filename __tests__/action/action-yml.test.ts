// action.yml is valid, runs on node24, and the README documents every input and output.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
}
const readme = readFileSync('README.md', 'utf8')

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('describes every input and output, and the README lists them all', () => {
    for (const [name, spec] of Object.entries({ ...action.inputs, ...action.outputs })) {
      expect(spec.description.length).toBeGreaterThan(10)
      expect(readme).toContain(`\`${name}\``)
    }
  })

  it('every input the code reads is declared', () => {
    const sources = ['src/action/inputs.ts', 'src/action/trust-inputs.ts']
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    const read = [...sources.matchAll(/(?:input|optional|getBooleanInput)\('([a-z-]+)'/g)].map(
      (m) => m[1]!
    )
    expect(read.length).toBeGreaterThan(20)
    for (const name of read) expect(Object.keys(action.inputs)).toContain(name)
  })
})
