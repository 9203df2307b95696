// Maps the workflow event to what a run does: scope, whether it may write, whether caches are saved.
// Pure: takes the event name and payload, returns a decision (tested with event fixtures).

export type ScopeInput = 'auto' | 'changed' | 'all' | 'since'
export type ConfirmInput = 'auto' | 'true' | 'false'

export type RunScope =
  | { kind: 'all' }
  | { kind: 'changed'; base: string; head: string }
  | { kind: 'since'; since: string }

export interface EventDecision {
  /** pull_request: plan + provenance + validate only, and no writing client is constructed. */
  readOnly: boolean
  confirm: boolean
  scope: RunScope
  /** Caches are saved after push, schedule and workflow_dispatch runs only (a PR's cache helps nobody). */
  saveCache: boolean
  /** Human text for the summary: why the run does what it does. */
  reason: string
}

export interface EventInputs {
  eventName: string
  payload: Record<string, unknown>
  sha: string
  scope: ScopeInput
  base?: string
  since?: string
  confirm: ConfirmInput
}

const ZERO_SHA = /^0+$/

function get(payload: Record<string, unknown>, ...path: string[]): string | undefined {
  let node: unknown = payload
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return typeof node === 'string' ? node : undefined
}

export class EventInputError extends Error {}

function explicitScope(inputs: EventInputs, head: string): RunScope | undefined {
  switch (inputs.scope) {
    case 'all':
      return { kind: 'all' }
    case 'since':
      if (!inputs.since)
        throw new EventInputError(
          'scope "since" needs the "since" input (a git date such as "7 days")'
        )
      return { kind: 'since', since: inputs.since }
    case 'changed':
      if (!inputs.base)
        throw new EventInputError(
          'scope "changed" needs the "base" input outside pull_request and push events'
        )
      return { kind: 'changed', base: inputs.base, head }
    case 'auto':
      return undefined
  }
}

function changedScope(base: string | undefined, head: string): RunScope {
  // A new branch (before = 000…) or a missing base has nothing to diff against: reconcile everything.
  return base && !ZERO_SHA.test(base) ? { kind: 'changed', base, head } : { kind: 'all' }
}

/** Decide scope, mode and cache policy for one event. Throws EventInputError on contradictory inputs. */
export function decideEvent(inputs: EventInputs): EventDecision {
  const confirmWanted = inputs.confirm === 'true'
  switch (inputs.eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const head = get(inputs.payload, 'pull_request', 'head', 'sha') ?? inputs.sha
      const base = inputs.base ?? get(inputs.payload, 'pull_request', 'base', 'sha')
      const scope = explicitScope(inputs, head) ?? changedScope(base, head)
      return {
        readOnly: true,
        confirm: false,
        scope,
        saveCache: false,
        reason: 'pull request: plan and verify only, nothing is written'
      }
    }
    case 'push': {
      const head = get(inputs.payload, 'after') ?? inputs.sha
      const scope =
        explicitScope(inputs, head) ??
        changedScope(inputs.base ?? get(inputs.payload, 'before'), head)
      const confirm = inputs.confirm !== 'false'
      return {
        readOnly: !confirm,
        confirm,
        scope,
        saveCache: true,
        reason: 'push: promote what changed'
      }
    }
    case 'schedule': {
      const scope = explicitScope(inputs, inputs.sha) ?? { kind: 'all' }
      const confirm = inputs.confirm !== 'false'
      return { readOnly: !confirm, confirm, scope, saveCache: true, reason: 'schedule: reconcile' }
    }
    case 'workflow_dispatch': {
      const scope = explicitScope(inputs, inputs.sha) ?? { kind: 'all' }
      return {
        readOnly: !confirmWanted,
        confirm: confirmWanted,
        scope,
        saveCache: true,
        reason: 'workflow_dispatch: as chosen by the inputs'
      }
    }
    default: {
      const scope = explicitScope(inputs, inputs.sha) ?? { kind: 'all' }
      return {
        readOnly: !confirmWanted,
        confirm: confirmWanted,
        scope,
        saveCache: false,
        reason: `${inputs.eventName}: plan only unless confirm is true`
      }
    }
  }
}

/**
 * Whether cached inventory may call an edge "done" (in a run that does not write; a writing run
 * always reads live). Only pull_request and push runs, whose scope is a change: reconcile and
 * repair runs (schedule, workflow_dispatch, anything else) confirm "done" live, so drift that
 * happened inside the cache window is found.
 */
export function cacheMayAnswer(eventName: string): boolean {
  return ['pull_request', 'pull_request_target', 'push'].includes(eventName)
}
