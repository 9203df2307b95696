// Secrets echo (issue #12): a registry that sends back the credentials it was sent, in every
// encoding (raw Authorization, decoded Basic, URL-encoded, JSON-escaped, base64, inside a base64
// request dump), for every auth scheme, status and body shape, with text and --json output. The
// figure that matters: leaks, counted as secret forms found in stdout, stderr or the run report,
// over every case. It must be 0.
import { describe, expect, it } from '@jest/globals'
import type { EchoAuth, EchoWhere } from '../harness/echo-registry.js'
import { runCliScene } from '../harness/secrets-scene.js'
import { recordResult, since } from './results.js'
import { secretsOf } from './secrets.js'

interface Case {
  auth: EchoAuth
  where: EchoWhere
  status: number
  specBody: boolean
  json: boolean
}

function cases(): Case[] {
  const out: Case[] = []
  for (const json of [true, false])
    for (const specBody of [true, false]) {
      for (const auth of ['basic', 'bearer'] as const)
        for (const status of [400, 401, 403, 404])
          out.push({ auth, where: 'manifest', status, specBody, json })
      for (const status of [400, 401, 403])
        out.push({ auth: 'bearer', where: 'token', status, specBody, json })
    }
  return out
}

describe('secrets echo', () => {
  it('no credential, token or encoding of them reaches any output, in any case', async () => {
    const started = performance.now()
    const all = cases()
    let leaks = 0
    let echoes = 0
    let shown = 0
    const leaked: string[] = []
    for (const c of all) {
      const out = await runCliScene(c, c.json)
      expect(out.echoes).toBeGreaterThan(0)
      expect(out.code).toBe(1)
      echoes += out.echoes
      const texts = { stdout: out.stdout, stderr: out.stderr, report: out.report }
      // The registry's own words were shown (with the secrets cut out), not swallowed.
      if (/you sent[^\n]*REDACTED/.test(Object.values(texts).join('\n'))) shown++
      for (const [channel, text] of Object.entries(texts))
        for (const secret of secretsOf(out.secrets))
          if (text.includes(secret)) {
            leaks++
            leaked.push(`${JSON.stringify(c)} ${channel}`)
          }
    }
    // A 404 tag list means "no such repository yet": nothing to quote.
    const quoted = all.filter((c) => c.where === 'manifest' && c.status !== 404).length
    recordResult('secrets-echo', {
      cases: all.length,
      echoes,
      echoedTextShownRedacted: shown,
      leaks,
      ms: since(started)
    })
    expect(leaked).toEqual([])
    expect(leaks).toBe(0)
    // Every echo the client quotes is shown, redacted.
    expect(shown).toBe(quoted)
  })
})
