// The Action's `trusted-key` input (issue #13): PEM public keys become the run's trusted keys,
// so a key-only setup can verify staging signatures; anything else is a clear input error.
import { generateKeyPairSync } from 'node:crypto'
import { afterEach, describe, expect, it } from '@jest/globals'
import { parseTrustedKeys, trustOptions } from '../../src/action/trust-inputs.js'
import type { EventDecision } from '../../src/action/event.js'
import { keyHint } from '../../src/trust/signing/keyed-signer.js'

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ format: 'pem', type: 'spki' })
    .toString()

const INPUTS = [
  'TRUSTED-KEY',
  'SIGN',
  'REPLICATE-SIGNATURES',
  'VERIFICATION-SUMMARIES',
  'BUILDER-ID'
]
afterEach(() => {
  for (const name of INPUTS) delete process.env[`INPUT_${name}`]
})

describe('trusted-key input', () => {
  it('reads one or several PEM public keys', () => {
    const [a, b] = [pem(), pem()]
    expect(parseTrustedKeys('')).toEqual([])
    const keys = parseTrustedKeys(`${a}\n${b}`)
    expect(keys.map(keyHint)).toHaveLength(2)
    expect(new Set(keys.map(keyHint)).size).toBe(2)
  })

  it('refuses text that holds no valid public key', () => {
    expect(() => parseTrustedKeys('not a key')).toThrow(
      /input trusted-key: expected one or more PEM/
    )
    expect(() =>
      parseTrustedKeys('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')
    ).toThrow(/input trusted-key: PEM block 1 is not a valid public key/)
  })

  it('reaches the run options', () => {
    const key = pem()
    process.env['INPUT_TRUSTED-KEY'] = key
    process.env.INPUT_SIGN = 'false'
    process.env['INPUT_REPLICATE-SIGNATURES'] = 'false'
    process.env['INPUT_VERIFICATION-SUMMARIES'] = 'true'
    process.env['INPUT_BUILDER-ID'] = 'https://k8s.io/promo-tools@v4.6.0'
    const decision: EventDecision = {
      readOnly: true,
      confirm: false,
      scope: { kind: 'all' } as EventDecision['scope'],
      saveCache: false,
      reason: 'test'
    }
    const options = trustOptions(decision, { temp: '/tmp', tufCache: '/tmp/tuf' }, process.cwd())
    expect(options.trustedKeys?.map(keyHint)).toEqual(parseTrustedKeys(key).map(keyHint))
    expect(options).toMatchObject({
      verificationSummaries: true,
      builderId: 'https://k8s.io/promo-tools@v4.6.0'
    })
  })
})
