// Runs a Docker credential helper (`docker-credential-<name> get`, server URL on stdin,
// `{"Username","Secret"}` on stdout). A helper's output is never logged: it holds secrets.
import { execFile } from 'node:child_process'
import { PromoterError } from '../errors.js'
import type { Credential } from './credential.js'

export type HelperRunner = (
  helper: string,
  serverUrl: string,
  env?: Record<string, string | undefined>
) => Promise<Credential | undefined>

const HELPER_TIMEOUT_MS = 15_000

/** `env` (e.g. PATH, HOME) comes from the adapter; default: inherit the process environment. */
export const runCredentialHelper: HelperRunner = (helper, serverUrl, env) =>
  new Promise((resolve, reject) => {
    const program = `docker-credential-${helper}`
    const child = execFile(
      program,
      ['get'],
      { timeout: HELPER_TIMEOUT_MS, env },
      (error, stdout) => {
        if (error) {
          // "credentials not found" is how helpers say "no entry": anonymous access, not a failure.
          if (
            /credentials not found/i.test(String(stdout)) ||
            /credentials not found/i.test(error.message)
          )
            resolve(undefined)
          else
            reject(
              new PromoterError(
                'CREDENTIALS_HELPER_FAILED',
                `credential helper ${program} failed for ${serverUrl} (${failure(error)})`,
                {
                  hint: `check that ${program} is installed and on PATH, or remove it from the docker config`
                }
              )
            )
          return
        }
        resolve(parseHelperOutput(program, String(stdout)))
      }
    )
    child.stdin?.end(serverUrl)
  })

export function parseHelperOutput(program: string, stdout: string): Credential | undefined {
  let parsed: { Username?: string; Secret?: string }
  try {
    parsed = JSON.parse(stdout)
  } catch {
    throw new PromoterError(
      'CREDENTIALS_HELPER_FAILED',
      `credential helper ${program} printed something that is not JSON`,
      {
        hint: 'run the helper by hand with "get" to see what it prints'
      }
    )
  }
  if (!parsed.Secret) return undefined
  // A user name of "<token>" marks an identity (refresh) token, as docker does.
  if (parsed.Username === '<token>')
    return { username: '<token>', password: '', identityToken: parsed.Secret }
  return { username: parsed.Username ?? '', password: parsed.Secret }
}

/** Exit code or errno only: a helper's output may hold secrets. */
function failure(error: { code?: string | number | null; killed?: boolean }): string {
  if (error.killed) return `no answer within ${HELPER_TIMEOUT_MS} ms`
  return typeof error.code === 'number' ? `exit code ${error.code}` : (error.code ?? 'failed')
}
