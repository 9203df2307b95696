import { describe, expect, it } from '@jest/globals'
import {
  cacheMayAnswer,
  decideEvent,
  EventInputError,
  type EventInputs
} from '../../src/action/event.js'

const base = `b${'0'.repeat(39)}`.replace(/^b/, '1')
const head = `2${'0'.repeat(39)}`
const inputs = (over: Partial<EventInputs>): EventInputs => ({
  eventName: 'push',
  payload: {},
  sha: head,
  scope: 'auto',
  confirm: 'auto',
  ...over
})

describe('decideEvent', () => {
  it('pull_request: read-only plan of what changed between base and head', () => {
    const d = decideEvent(
      inputs({
        eventName: 'pull_request',
        payload: { pull_request: { base: { sha: base }, head: { sha: head } } },
        confirm: 'true'
      })
    )
    expect(d).toMatchObject({
      readOnly: true,
      confirm: false,
      saveCache: false,
      scope: { kind: 'changed', base, head }
    })
  })

  it('push: promotes what changed between before and after, and saves caches', () => {
    const d = decideEvent(inputs({ payload: { before: base, after: head } }))
    expect(d).toMatchObject({
      readOnly: false,
      confirm: true,
      saveCache: true,
      scope: { kind: 'changed', base, head }
    })
  })

  it('push of a new branch (before = 000…) reconciles everything', () => {
    expect(decideEvent(inputs({ payload: { before: '0'.repeat(40), after: head } })).scope).toEqual(
      { kind: 'all' }
    )
  })

  it('push with confirm=false is a dry run without a writing client', () => {
    expect(
      decideEvent(inputs({ payload: { before: base, after: head }, confirm: 'false' }))
    ).toMatchObject({
      readOnly: true,
      confirm: false
    })
  })

  it('schedule reconciles all, or since a date', () => {
    expect(decideEvent(inputs({ eventName: 'schedule' })).scope).toEqual({ kind: 'all' })
    expect(
      decideEvent(inputs({ eventName: 'schedule', scope: 'since', since: '7 days' })).scope
    ).toEqual({
      kind: 'since',
      since: '7 days'
    })
  })

  it('workflow_dispatch writes only when confirm is true', () => {
    expect(decideEvent(inputs({ eventName: 'workflow_dispatch' })).confirm).toBe(false)
    expect(
      decideEvent(
        inputs({ eventName: 'workflow_dispatch', confirm: 'true', scope: 'changed', base })
      )
    ).toMatchObject({
      confirm: true,
      readOnly: false,
      scope: { kind: 'changed', base, head }
    })
  })

  it('contradictory inputs are clear errors', () => {
    expect(() => decideEvent(inputs({ eventName: 'workflow_dispatch', scope: 'since' }))).toThrow(
      EventInputError
    )
    expect(() => decideEvent(inputs({ eventName: 'workflow_dispatch', scope: 'changed' }))).toThrow(
      /base/
    )
  })
})

describe('cacheMayAnswer', () => {
  it('only pull_request and push runs may call an edge done from the cache; reconciles read live', () => {
    expect(['pull_request', 'pull_request_target', 'push'].map(cacheMayAnswer)).toEqual([
      true,
      true,
      true
    ])
    expect(['schedule', 'workflow_dispatch', 'release', ''].map(cacheMayAnswer)).toEqual([
      false,
      false,
      false,
      false
    ])
  })
})
