// The Action's inputs: read once into the option table's typed values (readActionInputs), then
// turned, with the workflow context, into the same RunOptions the CLI produces plus the
// action-only settings (summary, comment, cache).
import * as core from '@actions/core'
import * as github from '@actions/github'
import { createPublicKey } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { errorMessage } from '../errors.js'
import type { DiffScope } from '../manifest/index.js'
import { knownSecrets } from '../oci/registry/index.js'
import { readInputs } from '../options/read.js'
import { commonRunOptions, registryDefaults } from '../options/run-options.js'
import type { OptionValues } from '../options/table.js'
import { inputOf } from '../options/read.js'
import type { RunOptions } from '../pipeline/options.js'
import { cacheMayAnswer, decideEvent, type EventDecision, type RunScope } from './event.js'
import { InputError } from './parse.js'
import { actionPaths, confinedPath, type ActionPaths } from './paths.js'
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

/** Mask a secret input, and each line of a multi-line one (a PEM key), before anything prints. */
function mask(secret: string): void {
  core.setSecret(secret)
  for (const line of secret.split('\n'))
    if (line.trim().length > 8 && !line.startsWith('-----')) core.setSecret(line.trim())
}

/** Every input, parsed and checked; a bad value throws an InputError naming the input. */
export function readActionInputs(
  get: (input: string) => string = (input) => core.getInput(input)
): OptionValues {
  return readInputs(get, (name, message) => new InputError(inputOf(name), message), mask)
}

/** Whether to write the summary when the inputs themselves failed to parse (only `false` says no). */
export function summaryWantedRaw(
  get: (input: string) => string = (input) => core.getInput(input)
): boolean {
  return get('summary').trim().toLowerCase() !== 'false'
}

function diffScope(scope: RunScope): DiffScope {
  return scope.kind === 'changed' ? { kind: 'changed', base: scope.base, head: scope.head } : scope
}

function dockerConfig(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.DOCKER_CONFIG ?? (env.HOME ? join(env.HOME, '.docker') : undefined)
  const path = dir && join(dir, 'config.json')
  return path && existsSync(path) ? path : undefined
}

function registry(v: OptionValues, githubToken: string): RunOptions['registry'] {
  const auth = { ...v['registry-auth'] }
  for (const c of Object.values(auth)) knownSecrets.add(c.token ?? c.password, c.username)
  if (githubToken && !auth['ghcr.io']) auth['ghcr.io'] = { token: githubToken }
  return {
    credentials: auth,
    dockerConfigPath: dockerConfig(process.env),
    credentialHelperEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
    insecureHosts: v['insecure-registries'],
    tokenRealmHosts: v['token-realm-hosts'],
    defaults: registryDefaults(v)
  }
}

/**
 * sigcheck writes only when asked (`confirm: true`), whatever the event: a scheduled audit must
 * not start signing because schedule runs confirm by default.
 */
function sigcheckDecision(v: OptionValues, decision: EventDecision): EventDecision {
  const confirm = decision.confirm && v.confirm === 'true'
  return { ...decision, confirm, readOnly: !confirm }
}

/** Our public key (keyed signing) so an audit that writes nothing still knows our signatures. */
function sigcheckOptions(v: OptionValues): RunOptions['sigcheck'] {
  const key = v['signing-key']
  try {
    return { publicKey: key ? createPublicKey(key) : undefined }
  } catch (error) {
    throw new InputError('signing-key', `not a PEM private key: ${errorMessage(error)}`)
  }
}

/** The run's settings from the inputs (default: read now) and the workflow context. */
export function readSettings(v: OptionValues = readActionInputs()): ActionSettings {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
  const sigcheck = v.command === 'sigcheck'
  const decided = decideEvent({
    eventName: github.context.eventName,
    payload: github.context.payload as Record<string, unknown>,
    sha: github.context.sha,
    scope: v.scope,
    base: v.base,
    since: v.since,
    confirm: v.confirm
  })
  const decision = sigcheck ? sigcheckDecision(v, decided) : decided
  const githubToken = v['github-token'] ?? ''
  knownSecrets.add(githubToken)
  const paths = actionPaths(process.env)
  const confined = (name: string, value: string | undefined): string | undefined =>
    value ? confinedPath(name, value, workspace, paths.temp) : undefined
  const options: RunOptions = {
    ...commonRunOptions(v),
    manifest: confined('manifest', v.manifest),
    thinManifestDir: confined('thin-manifest-dir', v['thin-manifest-dir']),
    scope: diffScope(decision.scope),
    confirm: decision.confirm,
    readOnly: decision.readOnly,
    registry: registry(v, githubToken),
    cacheDir: v.cache ? paths.inventoryCache : undefined,
    cacheAnswers: cacheMayAnswer(github.context.eventName),
    trust: trustOptions(v, decision, paths, workspace),
    sigcheck: sigcheck ? sigcheckOptions(v) : undefined
  }
  return {
    command: v.command,
    options,
    decision,
    summary: v.summary,
    annotations: v.annotations,
    comment: v.comment,
    commentHeader: v['comment-header'],
    cache: v.cache,
    paths,
    githubToken,
    workspace
  }
}
