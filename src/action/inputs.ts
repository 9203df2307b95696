// Reads the action's inputs and the workflow context in one place and turns them into the same
// RunOptions the CLI produces, plus the action-only settings (summary, comment, cache).
import * as core from '@actions/core'
import * as github from '@actions/github'
import { createPublicKey } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { errorMessage } from '../errors.js'
import type { DiffScope } from '../manifest/scope.js'
import { knownSecrets } from '../oci/registry/index.js'
import type { RunOptions } from '../pipeline/options.js'
import { parseShard } from '../pipeline/shard.js'
import { parseRegistryMap, type EdgeState } from '../plan/index.js'
import { decideEvent, type EventDecision, type RunScope } from './event.js'
import { actionPaths, confinedPath, type ActionPaths } from './paths.js'
import {
  InputError,
  parseChoice,
  parseDuration,
  parseList,
  parseRegistryAuth,
  parseWhole
} from './parse.js'
import { trustOptions } from './trust-inputs.js'

export interface ActionSettings {
  /** promote (the pipeline) or sigcheck (audit, and with confirm: true repair, our signatures). */
  command: 'promote' | 'sigcheck'
  options: RunOptions
  decision: EventDecision
  summary: boolean
  annotations: boolean
  comment: 'off' | 'update'
  commentHeader: string
  cache: boolean
  /** Runner paths: caches and reports under RUNNER_TEMP, never in the workspace. */
  paths: ActionPaths
  githubToken: string
  workspace: string
}

const input = (name: string): string => core.getInput(name)

function diffScope(scope: RunScope): DiffScope {
  return scope.kind === 'changed' ? { kind: 'changed', base: scope.base, head: scope.head } : scope
}

function dockerConfig(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.DOCKER_CONFIG ?? (env.HOME ? join(env.HOME, '.docker') : undefined)
  const path = dir && join(dir, 'config.json')
  return path && existsSync(path) ? path : undefined
}

function credentials(githubToken: string): RunOptions['registry'] {
  const auth = parseRegistryAuth(input('registry-auth'), parseYaml)
  for (const c of Object.values(auth))
    for (const secret of [c.password, c.token]) if (secret) core.setSecret(secret)
  for (const c of Object.values(auth)) knownSecrets.add(c.token ?? c.password, c.username)
  if (githubToken && !auth['ghcr.io']) auth['ghcr.io'] = { token: githubToken }
  return {
    credentials: auth,
    dockerConfigPath: dockerConfig(process.env),
    credentialHelperEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
    insecureHosts: parseList(input('insecure-registries')),
    tokenRealmHosts: parseList(input('token-realm-hosts')),
    defaults: {
      concurrency: parseWhole('max-concurrency', input('max-concurrency') || '16'),
      // Empty: each host's default (host-config.ts: a safe rate for quota'd services).
      requestsPerSecond: input('max-requests-per-second')
        ? parseWhole('max-requests-per-second', input('max-requests-per-second'))
        : undefined,
      headerTimeoutMs: parseWhole('header-timeout', input('header-timeout') || '30') * 1000,
      bodyTimeoutMs: parseWhole('body-timeout', input('body-timeout') || '60') * 1000
    }
  }
}

/**
 * sigcheck writes only when asked (`confirm: true`), whatever the event: a scheduled audit must
 * not start signing because schedule runs confirm by default.
 */
function sigcheckDecision(decision: EventDecision): EventDecision {
  const confirm = decision.confirm && input('confirm') === 'true'
  return { ...decision, confirm, readOnly: !confirm }
}

/** Our public key (keyed signing) so an audit that writes nothing still knows our signatures. */
function sigcheckOptions(): RunOptions['sigcheck'] {
  const key = input('signing-key')
  try {
    return { publicKey: key ? createPublicKey(key) : undefined }
  } catch (error) {
    throw new InputError('signing-key', `not a PEM private key: ${errorMessage(error)}`)
  }
}

export function readSettings(): ActionSettings {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
  const command = parseChoice('command', input('command') || 'promote', [
    'promote',
    'sigcheck'
  ] as const)
  const decided = decideEvent({
    eventName: github.context.eventName,
    payload: github.context.payload as Record<string, unknown>,
    sha: github.context.sha,
    scope: parseChoice('scope', input('scope') || 'auto', [
      'auto',
      'changed',
      'all',
      'since'
    ] as const),
    base: input('base') || undefined,
    since: input('since') || undefined,
    confirm: parseChoice('confirm', input('confirm') || 'auto', ['auto', 'true', 'false'] as const)
  })
  const decision = command === 'sigcheck' ? sigcheckDecision(decided) : decided
  const githubToken = input('github-token')
  if (githubToken) core.setSecret(githubToken)
  const paths = actionPaths(process.env)
  const confined = (name: string, value: string): string | undefined =>
    value ? confinedPath(name, value, workspace, paths.temp) : undefined
  knownSecrets.add(githubToken)
  const options: RunOptions = {
    manifest: confined('manifest', input('manifest')),
    thinManifestDir: confined('thin-manifest-dir', input('thin-manifest-dir')),
    scope: diffScope(decision.scope),
    confirm: decision.confirm,
    readOnly: decision.readOnly,
    tolerate: parseList(input('allow')).map((s) =>
      parseChoice('allow', s, ['lost', 'conflict', 'error'] as const)
    ) as EdgeState[],
    registry: credentials(githubToken),
    registryMap: parseRegistryMap(parseList(input('registry-map'))),
    cacheDir: core.getBooleanInput('cache') ? paths.inventoryCache : undefined,
    cacheMaxAgeMs: parseDuration('cache-max-age', input('cache-max-age') || '6h'),
    copyReferrers: core.getBooleanInput('copy-referrers'),
    shard: input('shard') ? parseShard(input('shard')) : undefined,
    trust: trustOptions(decision, paths, workspace),
    sigcheck: command === 'sigcheck' ? sigcheckOptions() : undefined
  }
  return {
    command,
    options,
    decision,
    summary: core.getBooleanInput('summary'),
    annotations: core.getBooleanInput('annotations'),
    comment: parseChoice('comment', input('comment') || 'off', ['off', 'update'] as const),
    commentHeader: input('comment-header') || 'plan',
    cache: core.getBooleanInput('cache'),
    paths,
    githubToken,
    workspace
  }
}
