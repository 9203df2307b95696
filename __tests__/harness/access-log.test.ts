// The request counter counts a known request sequence exactly, by method, kind and status.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parseAccessLine } from './access-log-format.js'
import { requestKind } from './access-log.js'
import { httpRequest } from './http.js'
import { buildImage } from './images.js'
import { startRegistry, type TestRegistry } from './registry.js'
import { pushImage } from './seed.js'

let registry: TestRegistry
beforeAll(async () => {
  registry = await startRegistry({ auth: 'token' })
})
afterAll(async () => {
  await registry.stop()
})

describe('AccessLog', () => {
  it('parses combined-format lines and classifies request kinds', () => {
    const entry = parseAccessLine(
      '127.0.0.1 - - [25/Nov/2026:03:45:20 +0000] "HEAD /v2/a/b/blobs/sha256:' +
        'ab'.repeat(32) +
        ' HTTP/1.1" 404 157 "" "skopeo/1.9.3"'
    )
    expect(entry).toEqual({
      method: 'HEAD',
      path: `/v2/a/b/blobs/sha256:${'ab'.repeat(32)}`,
      status: 404,
      bytes: 157,
      userAgent: 'skopeo/1.9.3'
    })
    expect(parseAccessLine('time="..." level=warning msg="not an access line"')).toBeUndefined()
    const kind = (method: string, path: string) => requestKind({ method, path, status: 200 })
    expect(kind('POST', '/v2/x/blobs/uploads/?mount=sha256:1&from=y')).toBe('mount')
    expect(kind('PATCH', '/v2/x/blobs/uploads/3f2a?_state=z')).toBe('upload')
    expect(kind('GET', '/v2/x/tags/list?n=2')).toBe('tags')
    expect(kind('GET', '/v2/x/referrers/sha256:' + '0'.repeat(64))).toBe('referrers')
    expect(kind('GET', '/token?service=s&scope=repository:x:pull')).toBe('token')
  })

  it('counts a known sequence exactly, token requests included, from a mark', async () => {
    const image = buildImage({ seed: 'counted', layers: [100, 200] })
    await pushImage(registry, 'warmup/app', image, [])
    const mark = await registry.accessLog.mark()
    await pushImage(registry, 'counted/app', image, ['v1', 'v2'])
    const creds = `Basic ${Buffer.from('testuser:testpassword').toString('base64')}`
    const { token } = JSON.parse(
      (
        await httpRequest(
          `${registry.tokenServer!.realm}?service=harness-registry&scope=repository:counted/app:pull`,
          {
            headers: { Authorization: creds }
          }
        )
      ).body.toString()
    )
    const bearer = { Authorization: `Bearer ${token}` }
    await httpRequest(`${registry.url}/v2/counted/app/manifests/v1`, {
      method: 'HEAD',
      headers: { ...bearer, Accept: image.manifest.mediaType }
    })
    await httpRequest(`${registry.url}/v2/counted/app/blobs/${image.config.digest}`, {
      headers: bearer
    })
    await httpRequest(`${registry.url}/v2/counted/app/blobs/sha256:${'0'.repeat(64)}`, {
      method: 'HEAD',
      headers: bearer
    })
    const summary = await registry.accessLog.summary(mark)
    expect(summary.by).toEqual({
      'GET token 200': 2, // the seeder's pull,push token for counted/app, then ours
      'POST upload 202': 3,
      'PUT upload 201': 3,
      'PUT manifest 201': 3,
      'HEAD manifest 200': 1,
      'GET blob 200': 1,
      'HEAD blob 404': 1
    })
    expect(summary.total).toBe(14)
    expect(summary.byKind).toMatchObject({ token: 2, upload: 6, manifest: 4, blob: 2 })
    const entries = await registry.accessLog.entries(mark)
    expect(entries.at(-1)).toMatchObject({ method: 'HEAD', status: 404 })
  })
})
