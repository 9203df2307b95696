// Nothing in the workspace is trusted state: the Action's caches and reports live in RUNNER_TEMP,
// and path inputs stay inside the workspace (or RUNNER_TEMP) even through committed symlinks.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readSettings } from '../../src/action/inputs.js'
import { actionPaths, confinedPath } from '../../src/action/paths.js'

const saved = { ...process.env }
let workspace: string
let temp: string
let outside: string

/** The runner's environment: action.yml defaults for every input, then the test's inputs. */
function setInputs(inputs: Record<string, string>): void {
  const action = parse(readFileSync(join(process.cwd(), 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  for (const [name, spec] of Object.entries(action.inputs))
    if (spec.default !== undefined && !String(spec.default).includes('${{'))
      process.env[`INPUT_${name.toUpperCase()}`] = String(spec.default)
  for (const [name, value] of Object.entries(inputs))
    process.env[`INPUT_${name.toUpperCase()}`] = value
}

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ws-'))
  temp = mkdtempSync(join(tmpdir(), 'runner-temp-'))
  outside = mkdtempSync(join(tmpdir(), 'outside-'))
  mkdirSync(join(workspace, 'k8s.io'))
  writeFileSync(join(outside, 'ignores.yaml'), 'ignores: []\n')
  Object.assign(process.env, { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp })
})
afterEach(() => {
  process.env = { ...saved }
})

describe('Action paths', () => {
  it('caches and reports live in RUNNER_TEMP, never in the workspace', () => {
    setInputs({ 'thin-manifest-dir': 'k8s.io' })
    const settings = readSettings()
    for (const path of [
      settings.paths.cacheRoot,
      settings.options.cacheDir!,
      settings.options.trust!.trustRoot!.tufCachePath!,
      settings.paths.reportDir
    ]) {
      expect(path.startsWith(`${temp}/`)).toBe(true)
      expect(path.startsWith(workspace)).toBe(false)
    }
    expect(settings.options.thinManifestDir).toBe(join(workspace, 'k8s.io'))
  })

  it('without RUNNER_TEMP, a fresh temporary directory, not the workspace', () => {
    const paths = actionPaths({ GITHUB_WORKSPACE: workspace })
    expect(paths.temp.startsWith(workspace)).toBe(false)
    expect(paths.reportDir.startsWith(paths.temp)).toBe(true)
  })

  it.each([
    ['thin-manifest-dir', '../..'],
    ['thin-manifest-dir', '/etc'],
    ['manifest', '../outside/promoter-manifest.yaml'],
    ['vuln-ignore-file', '../../../../etc/hostname']
  ])('%s "%s" escaping the workspace is an input error', (name, value) => {
    setInputs({ 'thin-manifest-dir': 'k8s.io', [name]: value })
    if (name === 'manifest') delete process.env['INPUT_THIN-MANIFEST-DIR']
    expect(() => readSettings()).toThrow(new RegExp(`input ${name}: .*outside the workspace`))
  })

  it('a committed symlink cannot point a path input outside the workspace', () => {
    symlinkSync(join(outside, 'ignores.yaml'), join(workspace, 'ignores.yaml'))
    symlinkSync(outside, join(workspace, 'linked-dir'))
    setInputs({ 'thin-manifest-dir': 'k8s.io', 'vuln-ignore-file': 'ignores.yaml' })
    expect(() => readSettings()).toThrow(/input vuln-ignore-file: .*outside the workspace/)
    setInputs({ 'thin-manifest-dir': 'linked-dir', 'vuln-ignore-file': '' })
    expect(() => readSettings()).toThrow(/input thin-manifest-dir: .*outside the workspace/)
  })

  it('paths inside the workspace or under RUNNER_TEMP are accepted, absolute or not', () => {
    writeFileSync(join(workspace, 'ignores.yaml'), 'ignores: []\n')
    writeFileSync(join(temp, 'ignores.yaml'), 'ignores: []\n')
    expect(confinedPath('x', 'ignores.yaml', workspace, temp)).toBe(join(workspace, 'ignores.yaml'))
    expect(confinedPath('x', join(workspace, 'k8s.io'), workspace, temp)).toBe(
      join(workspace, 'k8s.io')
    )
    expect(confinedPath('x', join(temp, 'ignores.yaml'), workspace, temp)).toBe(
      join(temp, 'ignores.yaml')
    )
    expect(confinedPath('x', 'not/yet/there', workspace, temp)).toBe(
      join(workspace, 'not/yet/there')
    )
    setInputs({ 'thin-manifest-dir': 'k8s.io', 'vuln-ignore-file': 'ignores.yaml' })
    expect(readSettings().options.trust!.vuln!.ignores).toEqual([])
  })
})
