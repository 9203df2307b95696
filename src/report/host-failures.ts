// Registry failures that are about a host, not an edge (wrong or missing credentials, no
// connection, http vs https), folded into one line per (host, cause) with the fix, so 400 edges
// behind one bad password read as one problem.
import type { ReportProblem } from './run-report.js'

export type HostCause = 'credentials' | 'permission' | 'tls' | 'connection' | 'timeout'

export interface HostFailure {
  host: string
  cause: HostCause
  severity: 'error' | 'warning'
  problems: ReportProblem[]
}

const CAUSES: Array<[HostCause, RegExp]> = [
  ['credentials', /\b401\b|unauthori[sz]ed|UNAUTHORIZED|authentication required/i],
  ['permission', /\b403\b|\bdenied\b|forbidden/i],
  [
    'tls',
    /EPROTO|wrong version number|ERR_SSL|SSL routines|certificate|self[- ]signed|UNABLE_TO_VERIFY|plain HTTP|INSECURE_HOST/i
  ],
  [
    'connection',
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|fetch failed/
  ],
  ['timeout', /timed out|TIMEOUT|did not answer in time/i]
]

/** What to do, per cause; `registry-auth` and `insecure-registries` are the Action's inputs. */
export const HOST_FIXES: Record<HostCause, string> = {
  credentials:
    'the registry refused the credentials, or none were sent: add the host to `registry-auth` (or log in with docker/login-action before this step), and check the user name and password or token',
  permission:
    'the credentials are valid but lack permission: grant pull on the source repositories and push on the destinations',
  tls: 'the TLS connection failed: if the registry speaks plain HTTP, list the host in `insecure-registries`; if it uses a private CA, trust that CA on the runner',
  connection:
    'no connection to the host: check the registry name in the manifest (host and port), DNS and the runner network',
  timeout:
    'the host did not answer in time: re-run later, or raise `header-timeout` / `body-timeout`'
}

const URL_HOST = /\bhttps?:\/\/([^/\s:]+(?::\d+)?)/

function hostOf(problem: ReportProblem): string | undefined {
  const fromUrl = URL_HOST.exec(problem.message)?.[1]
  if (fromUrl) return fromUrl
  return problem.registry?.split('/')[0]
}

function causeOf(message: string): HostCause | undefined {
  return CAUSES.find(([, pattern]) => pattern.test(message))?.[0]
}

/** Splits registry problems with a host-wide cause from the rest. */
export function hostFailures(problems: readonly ReportProblem[]): {
  hosts: HostFailure[]
  rest: ReportProblem[]
} {
  const byKey = new Map<string, HostFailure>()
  const rest: ReportProblem[] = []
  for (const p of problems) {
    const cause = p.kind === 'registry' || p.kind === 'copy' ? causeOf(p.message) : undefined
    const host = cause && hostOf(p)
    if (!cause || !host) {
      rest.push(p)
      continue
    }
    const key = `${p.severity}|${host}|${cause}`
    const entry = byKey.get(key)
    if (entry) entry.problems.push(p)
    else byKey.set(key, { host, cause, severity: p.severity, problems: [p] })
  }
  return { hosts: [...byKey.values()], rest }
}
