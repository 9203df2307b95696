// What pr takes from the staging registry becomes manifest text: a registry (or a proxy) that
// answers with tag names or digests that are not tags or digests must not get them written.
import { describe, expect, it } from '@jest/globals'
import type { Descriptor, Store, TagListing } from '../../src/oci/store.js'
import { readStaging } from '../../src/pr/staging.js'

const D = (c: string) => `sha256:${c.repeat(64)}`

/** A store that answers tag listings and HEADs from a table (only what readStaging calls). */
function store(tags: Record<string, string>, digests?: TagListing['digests']): Store {
  return {
    kind: 'registry',
    host: 'staging.example',
    tagList: async () => ({ exists: true, tags: Object.keys(tags), digests }),
    manifestHead: async (_repo: string, ref: string): Promise<Descriptor | undefined> => {
      const digest = ref.startsWith('sha256:') ? ref : tags[ref]
      return digest === undefined
        ? undefined
        : { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 1 }
    }
  } as unknown as Store
}

describe('readStaging', () => {
  it('keeps tagged digests, leaves latest out unless named', async () => {
    const s = store({ v1: D('a'), v2: D('b'), latest: D('b') })
    expect(await readStaging(s, 'foo', 'x/foo', {})).toEqual(
      new Map([
        [D('a'), ['v1']],
        [D('b'), ['v2']]
      ])
    )
    expect(await readStaging(s, 'foo', 'x/foo', { tags: ['latest'] })).toEqual(
      new Map([[D('b'), ['latest']]])
    )
    expect(await readStaging(s, 'foo', 'x/foo', { digest: D('b') })).toEqual(
      new Map([[D('b'), ['v2']]])
    )
  })

  it('leaves out listed names that are not tags, and refuses answers that are not digests', async () => {
    const hostile = store({ v1: D('a'), 'v2"\n- name: evil': D('b'), '../x': D('b') })
    expect(await readStaging(hostile, 'foo', 'x/foo', {})).toEqual(new Map([[D('a'), ['v1']]]))
    const listed = new Map([[D('c'), { tags: ['ok', 'bad tag'] }]])
    expect(await readStaging(store({}, listed), 'foo', 'x/foo', {})).toEqual(
      new Map([[D('c'), ['ok']]])
    )
    const forged = store({ v1: 'sha256:short"\n- name: evil' })
    await expect(readStaging(forged, 'foo', 'x/foo', {})).rejects.toThrow(/not a digest/)
    await expect(readStaging(forged, 'foo', 'x/foo', { tags: ['v1'] })).rejects.toThrow(
      /not a digest/
    )
    const listedForged = new Map([['sha256:zz', { tags: ['v1'] }]])
    await expect(readStaging(store({}, listedForged), 'foo', 'x/foo', {})).rejects.toThrow(
      /not a digest/
    )
  })
})
