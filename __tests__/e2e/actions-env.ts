// Runs the bundled action (dist/index.js) as the runner does: a child process with INPUT_* for
// every input (action.yml defaults filled in, as the runner fills them), the event payload in
// GITHUB_EVENT_PATH, and files for GITHUB_STEP_SUMMARY and GITHUB_OUTPUT.
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  summary: string
  outputs: Record<string, string>
  runReport: Record<string, unknown> & {
    requests: { total: number; writes: number }
    details: { plan?: { requests: { http?: number } } }
  }
}

const ACTION_YML = join(process.cwd(), 'action.yml')
const BUNDLE = join(process.cwd(), 'dist', 'index.js')
/** The Action from source (src/index.ts through tsx): tests changes before dist/ is rebuilt. */
const SOURCE = [
  join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs'),
  join(process.cwd(), 'src', 'index.ts')
]

function defaultInputs(): Record<string, string> {
  const action = parse(readFileSync(ACTION_YML, 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const env: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.default !== undefined && !String(spec.default).includes('${{'))
      env[`INPUT_${name.toUpperCase()}`] = String(spec.default)
  }
  return env
}

/** `name<<DELIM\nvalue\nDELIM` blocks of GITHUB_OUTPUT, as @actions/core writes them. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm
  for (const m of text.matchAll(re)) outputs[m[1]!] = m[3]!
  return outputs
}

export async function runAction(options: {
  event: string
  payload: object
  inputs: Record<string, string>
  env: Record<string, string>
  workspace: string
  /** `bundle` (default): dist/index.js, as released; `source`: src/index.ts. */
  entry?: 'bundle' | 'source'
}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'))
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(options.payload))
  const summaryPath = join(dir, 'summary.md')
  const outputPath = join(dir, 'output.txt')
  writeFileSync(summaryPath, '')
  writeFileSync(outputPath, '')
  const inputs = Object.fromEntries(
    Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])
  )
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: dir,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_RUN_ID: '1000',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REF: 'refs/heads/main',
    ...defaultInputs(),
    ...inputs,
    ...options.env
  }
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      options.entry === 'source' ? SOURCE : [BUNDLE],
      { env, cwd: options.workspace, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
      }
    )
  })
  const outputs = parseOutputs(readFileSync(outputPath, 'utf8'))
  const runReport = outputs['run-report']
    ? JSON.parse(readFileSync(outputs['run-report'], 'utf8'))
    : undefined
  return { ...result, summary: readFileSync(summaryPath, 'utf8'), outputs, runReport }
}

export function fillEvent(name: string, values: Record<string, string>): object {
  let text = readFileSync(join(process.cwd(), '__tests__/fixtures/events', `${name}.json`), 'utf8')
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value)
  return JSON.parse(text) as object
}

/** Runs git in `workspace` with a fixed test author; returns trimmed stdout. */
export function gitIn(workspace: string, ...args: string[]): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@e',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@e'
  }
  return execFileSync('git', args, { cwd: workspace, env, encoding: 'utf8' }).trim()
}
