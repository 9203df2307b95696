// The Action's `trusted-key` input (issue #13): PEM public keys become the run's trusted keys,
// so a key-only setup can verify staging signatures; anything else is a clear input error.
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { readActionInputs } from '../../src/action/inputs.js'
import { trustOptions } from '../../src/action/trust-inputs.js'
import type { EventDecision } from '../../src/action/event.js'
import { keyHint } from '../../src/trust/signing/keyed-signer.js'

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ format: 'pem', type: 'spki' })
    .toString()

const keysOf = (text: string) =>
  readActionInputs((name) => (name === 'trusted-key' ? text : ''))['trusted-key']

describe('trusted-key input', () => {
  it('reads one or several PEM public keys', () => {
    const [a, b] = [pem(), pem()]
    expect(keysOf('')).toEqual([])
    const keys = keysOf(`${a}\n${b}`)!
    expect(keys.map(keyHint)).toHaveLength(2)
    expect(new Set(keys.map(keyHint)).size).toBe(2)
  })

  it('refuses text that holds no valid public key', () => {
    expect(() => keysOf('not a key')).toThrow(/input trusted-key: expected one or more PEM/)
    expect(() => keysOf('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(
      /input trusted-key: PEM block 1 is not a valid public key/
    )
  })

  it('reaches the run options', () => {
    const key = pem()
    const inputs = readActionInputs((name) =>
      name === 'trusted-key' ? key : name === 'sign' ? 'false' : ''
    )
    const decision: EventDecision = {
      readOnly: true,
      confirm: false,
      scope: { kind: 'all' } as EventDecision['scope'],
      saveCache: false,
      reason: 'test'
    }
    const options = trustOptions(
      inputs,
      decision,
      { temp: '/tmp', tufCache: '/tmp/tuf' },
      process.cwd()
    )
    expect(options.trustedKeys?.map(keyHint)).toEqual(keysOf(key)!.map(keyHint))
  })
})
