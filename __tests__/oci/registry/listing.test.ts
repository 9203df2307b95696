import { describe, expect, it } from '@jest/globals'
import { sha256Digest } from '../../../src/oci/digest.js'
import { MEDIA_TYPE } from '../../../src/oci/media-types.js'
import { RegistryClient } from '../../../src/oci/registry/index.js'
import { scripted, type Step } from './scripted-send.js'

const HOST = 'reg.example'

function storeWith(steps: Step[], pageSize = 2) {
  const script = scripted(steps)
  const client = new RegistryClient({ baseSend: script.send, defaults: { pageSize } })
  return { script, store: client.store(HOST) }
}

describe('tagList', () => {
  it('follows Link pages (relative and absolute) and sorts the tags', async () => {
    const { script, store } = storeWith([
      {
        expect: 'GET /v2/a/tags/list?n=2',
        body: { tags: ['v2', 'v1'] },
        headers: { link: '</v2/a/tags/list?n=2&last=v2>; rel="next"' }
      },
      {
        expect: 'GET /v2/a/tags/list?n=2&last=v2',
        body: { tags: ['latest', 'v3'] },
        headers: { link: '<https://reg.example/v2/a/tags/list?n=2&last=v3>; rel="next"' }
      },
      { expect: 'GET /v2/a/tags/list?n=2&last=v3', body: { tags: ['v4'] } }
    ])
    await expect(store.tagList('a')).resolves.toEqual({
      exists: true,
      tags: ['latest', 'v1', 'v2', 'v3', 'v4']
    })
    expect(script.remaining()).toEqual([])
  })

  it('reports a missing repository as not existing', async () => {
    const { store } = storeWith([
      {
        expect: 'GET /v2/nope/tags/list?n=2',
        status: 404,
        body: { errors: [{ code: 'NAME_UNKNOWN' }] }
      }
    ])
    await expect(store.tagList('nope')).resolves.toEqual({ exists: false, tags: [] })
  })

  it("reads Google's manifest map, untagged digests included", async () => {
    const tagged = sha256Digest('a')
    const untagged = sha256Digest('b')
    const { store } = storeWith([
      {
        expect: 'GET /v2/a/tags/list?n=2',
        body: {
          tags: ['v1'],
          manifest: {
            [tagged]: { tag: ['v1'], mediaType: MEDIA_TYPE.ociIndex, imageSizeBytes: '10' },
            [untagged]: { tag: [], mediaType: MEDIA_TYPE.dockerManifest }
          }
        }
      }
    ])
    const listing = await store.tagList('a')
    expect(listing.digests).toEqual(
      new Map([
        [tagged, { tags: ['v1'], mediaType: MEDIA_TYPE.ociIndex }],
        [untagged, { tags: [], mediaType: MEDIA_TYPE.dockerManifest }]
      ])
    )
  })

  it('stops a Link loop with a clear error', async () => {
    const { store } = storeWith([
      {
        expect: 'GET /v2/a/tags/list?n=2',
        body: { tags: ['v1'] },
        headers: { link: '</v2/a/tags/list?n=2>; rel="next"' }
      }
    ])
    await expect(store.tagList('a')).rejects.toMatchObject({ code: 'INVALID_RESPONSE' })
  })
})

describe('catalog', () => {
  it('pages through _catalog and filters by path prefix', async () => {
    const { script, store } = storeWith([
      {
        expect: 'GET /v2/_catalog?n=2',
        body: { repositories: ['prod/a', 'prodx/b'] },
        headers: { link: '</v2/_catalog?last=prodx%2Fb&n=2>; rel="next"' }
      },
      {
        expect: 'GET /v2/_catalog?last=prodx%2Fb&n=2',
        body: { repositories: ['prod/c/d', 'staging/a'] }
      }
    ])
    await expect(store.catalog!('prod')).resolves.toEqual(['prod/a', 'prod/c/d'])
    expect(script.remaining()).toEqual([])
  })
})
