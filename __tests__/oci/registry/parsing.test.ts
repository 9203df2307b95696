import { describe, expect, it } from '@jest/globals'
import { parseChallenges } from '../../../src/oci/registry/auth/challenge.js'
import { coversScopes, mergeScopes } from '../../../src/oci/registry/auth/scopes.js'
import { nextPageUrl } from '../../../src/oci/registry/link.js'
import { redactText, redactUrl } from '../../../src/oci/registry/redact.js'
import { parseRetryAfter } from '../../../src/oci/registry/transport/retry-after.js'

describe('parseChallenges', () => {
  it.each([
    [
      'Bearer realm="https://auth.example/token",service="reg.example",scope="repository:a/b:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.example/token',
            service: 'reg.example',
            scope: 'repository:a/b:pull'
          }
        }
      ]
    ],
    [
      'bearer  REALM = "https://x/t" , Service=reg',
      [{ scheme: 'bearer', params: { realm: 'https://x/t', service: 'reg' } }]
    ],
    [
      'Basic realm="basic-realm", Bearer realm="https://x/t",error="insufficient_scope"',
      [
        { scheme: 'basic', params: { realm: 'basic-realm' } },
        { scheme: 'bearer', params: { realm: 'https://x/t', error: 'insufficient_scope' } }
      ]
    ],
    [
      'Bearer realm="https://x/t",scope="repository:other/x:pull,push repository:prod/img:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://x/t',
            scope: 'repository:other/x:pull,push repository:prod/img:pull'
          }
        }
      ]
    ],
    [
      'Bearer realm="a \\"quoted\\" realm"',
      [{ scheme: 'bearer', params: { realm: 'a "quoted" realm' } }]
    ],
    ['Basic', [{ scheme: 'basic', params: {} }]],
    [
      'Negotiate abc==, Basic realm=x',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'basic', params: { realm: 'x' } }
      ]
    ],
    ['', []]
  ])('%s', (header, expected) => {
    expect(parseChallenges([header])).toEqual(expected)
  })
})

describe('nextPageUrl', () => {
  const base = 'https://reg.example/v2/a/tags/list?n=2'
  it.each([
    ['</v2/a/tags/list?n=2&last=b>; rel="next"', 'https://reg.example/v2/a/tags/list?n=2&last=b'],
    [
      '<https://cdn.example/v2/a/tags/list?last=b>;rel=next',
      'https://cdn.example/v2/a/tags/list?last=b'
    ],
    [
      '</prev>; rel="prev", </v2/a/tags/list?last=c>; rel="next"',
      'https://reg.example/v2/a/tags/list?last=c'
    ],
    ['</x>; rel="first next"', 'https://reg.example/x'],
    ['</prev>; rel="prev"', undefined],
    [undefined, undefined]
  ])('%s', (link, expected) => {
    expect(nextPageUrl(link, base, 'reg.example')).toBe(expected)
  })

  it('rejects a next link it cannot read', () => {
    expect(() => nextPageUrl('/v2/a/tags/list?last=b; rel="next"', base, 'reg.example')).toThrow(
      expect.objectContaining({ code: 'INVALID_RESPONSE' })
    )
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T05:00:00Z')
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['120', 30_000],
    ['Wed, 25 Nov 2026 05:00:05 GMT', 5000],
    ['Wed, 25 Nov 2026 04:59:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined]
  ])('%s', (value, expected) => {
    expect(parseRetryAfter(value, 30_000, now)).toBe(expected)
  })
})

describe('scopes', () => {
  it('merges actions per repository and splits space-separated challenge scopes', () => {
    expect(
      mergeScopes(['repository:dst:pull,push'], ['repository:src:pull repository:dst:pull'])
    ).toEqual(['repository:dst:pull,push', 'repository:src:pull'])
  })

  it('knows when a token covers what a request needs', () => {
    expect(coversScopes(['repository:a:pull,push'], ['repository:a:pull'])).toBe(true)
    expect(coversScopes(['repository:a:pull'], ['repository:a:pull,push'])).toBe(false)
    expect(coversScopes(['registry:catalog:*'], ['registry:catalog:*'])).toBe(true)
    expect(coversScopes(['repository:a:*'], ['repository:a:push'])).toBe(true)
  })
})

describe('redaction', () => {
  it('drops query values except harmless ones, and user info', () => {
    expect(redactUrl('https://u:p@s3.example/blob?X-Amz-Signature=abc&n=10')).toBe(
      'https://s3.example/blob?X-Amz-Signature=REDACTED&n=10'
    )
  })

  it('removes Authorization values, JSON tokens, JWTs and known secrets from text', () => {
    const text =
      'authorization: Bearer abcdefghijkl {"token":"s3cr3t"} eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig password=hunter22'
    const redacted = redactText(text, ['hunter22'])
    for (const secret of ['abcdefghijkl', 's3cr3t', 'eyJhbGci', 'hunter22'])
      expect(redacted).not.toContain(secret)
  })
})
