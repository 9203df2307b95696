// One secrets-echo scene: a thin manifest whose source and destination are an echoing registry
// (harness/echo-registry.ts), the CLI run in process with the credentials in a Docker config, and
// every text it produced collected (stdout, stderr, the --report file) for the secrets scan.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.js'
import { startEchoRegistry, type EchoOptions, type EchoRegistry } from './echo-registry.js'
import { writeThinManifests } from './manifest-dir.js'

export const ECHO_DIGEST = `sha256:${'e'.repeat(64)}`

export interface SceneOutput {
  code: number
  stdout: string
  stderr: string
  report: string
  /** Every secret value of the scene: password, user:password, issued tokens. */
  secrets: { username: string; password: string; tokens: string[] }
  echoes: number
  credentialedTokenRequests: number
}

/** Four tags: more than the listing threshold, so the plan GETs the destination's tag list. */
export function echoImagesYaml(): string {
  return `- name: app\n  dmap:\n    "${ECHO_DIGEST}": ["1.0", "1.1", "1.2", "1.3"]\n`
}

/** Run `image-promoter run --json` against an echoing registry; returns every output text. */
export async function runCliScene(
  options: Omit<EchoOptions, 'username' | 'password'>,
  json = true,
  extraArgs: string[] = []
): Promise<SceneOutput> {
  const username = 'echo-robot'
  const password = `pw-${Math.random().toString(36).slice(2)}/+&"é`
  let registry: EchoRegistry | undefined
  try {
    registry = await startEchoRegistry({ ...options, username, password })
    const dir = mkdtempSync(join(tmpdir(), 'secrets-echo-'))
    writeThinManifests(dir, {
      src: `${registry.host}/staging`,
      dests: [`${registry.host}/prod`],
      imagesYaml: echoImagesYaml()
    })
    const dockerDir = join(dir, 'docker')
    mkdirSync(dockerDir)
    const auth = Buffer.from(`${username}:${password}`).toString('base64')
    writeFileSync(
      join(dockerDir, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth } } })
    )
    const reportPath = join(dir, 'report.json')
    let stdout = ''
    let stderr = ''
    const code = await main(
      [
        'run',
        '--thin-manifest-dir',
        dir,
        '--provenance',
        'off',
        // Promote (unsigned): the copy GETs the source manifest, which echoes.
        '--confirm',
        '--sign',
        'false',
        '--report',
        reportPath,
        ...(json ? ['--json'] : []),
        ...extraArgs
      ],
      {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        cwd: dir,
        env: { DOCKER_CONFIG: dockerDir, PATH: process.env.PATH, HOME: dir }
      }
    )
    let report = ''
    try {
      report = readFileSync(reportPath, 'utf8')
    } catch {
      // A run that fails before the plan writes no report; stdout and stderr are still scanned.
    }
    return {
      code,
      stdout,
      stderr,
      report,
      secrets: { username, password, tokens: [...registry.issued] },
      echoes: registry.echoes,
      credentialedTokenRequests: registry.credentialedTokenRequests
    }
  } finally {
    await registry?.stop()
  }
}
