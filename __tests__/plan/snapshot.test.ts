import { describe, expect, it } from '@jest/globals'
import { edgesToSnapshot, imageUnderPrefix } from '../../src/plan/snapshot/from-edges.js'
import { snapshotRegistry } from '../../src/plan/snapshot/from-store.js'
import {
  addToInventory,
  filterByTag,
  type SnapshotInventory
} from '../../src/plan/snapshot/inventory.js'
import { parseSnapshotFormat, renderSnapshot } from '../../src/plan/snapshot/render.js'
import { digestOf, fakeResolver, FakeStore } from './fake-store.js'
import { DST1, DST2, edge } from './edges.js'

const A = digestOf('a')
const B = digestOf('b')
const C = digestOf('c')

function inventoryOf(entries: [string, string, string[]][]): SnapshotInventory {
  const inv: SnapshotInventory = new Map()
  for (const [image, digest, tags] of entries) addToInventory(inv, image, digest, tags)
  return inv
}

describe('snapshot rendering (kpromo §5.3)', () => {
  const inv = inventoryOf([
    ['foo', B, ['v2', 'latest']],
    ['bar', A, []],
    ['foo', A, ['v1']]
  ])

  it('yaml: sorted, quoted digests and tags, [] for tagless, extra blank line', () => {
    expect(renderSnapshot(inv, 'yaml')).toBe(
      `- name: bar\n  dmap:\n    "${A}": []\n- name: foo\n  dmap:\n    "${A}": ["v1"]\n    "${B}": ["latest", "v2"]\n\n`
    )
  })

  it('csv: one line per tag, "-" for tagless', () => {
    expect(renderSnapshot(inv, 'csv')).toBe(
      `bar@${A},-\nfoo@${A},foo:v1\nfoo@${B},foo:latest\nfoo@${B},foo:v2\n\n`
    )
  })

  it.each([
    ['YAML', 'yaml'],
    ['Csv', 'csv']
  ])('format %s is case-insensitive', (given, want) => {
    expect(parseSnapshotFormat(given)).toBe(want)
  })

  it('rejects other formats with kpromo text', () => {
    expect(() => parseSnapshotFormat('json')).toThrow('invalid snapshot output format: json')
  })
})

describe('filters (kpromo TestFilterByTag)', () => {
  it('keeps digests with the tag, with all their tags', () => {
    const inv = inventoryOf([
      ['foo', A, ['v1', 'latest']],
      ['foo', B, ['v2']]
    ])
    expect(filterByTag(inv, 'v1')).toEqual(new Map([['foo', new Map([[A, ['v1', 'latest']]])]]))
    expect(filterByTag(inv, 'nonexistent').size).toBe(0)
  })
})

describe('edgesToSnapshot (kpromo TestEdgesToRegInvImage, bugs fixed)', () => {
  it('takes edges under the prefix only', () => {
    const inv = edgesToSnapshot(
      [edge('foo', A, 'v1'), edge('foo', A, 'v2'), edge('bar', B, 'latest', DST2)],
      DST1
    )
    expect([...inv.keys()]).toEqual(['foo'])
    expect(inv.get('foo')!.get(A)).toEqual(['v1', 'v2'])
  })

  it('keys sub-path registries by remainder/image and checks whole segments', () => {
    expect(imageUnderPrefix('us.gcr.io/prod/sub', 'img', 'us.gcr.io/prod/')).toBe('sub/img')
    expect(imageUnderPrefix('us.gcr.io/prod', 'img', 'us.gcr.io/prod')).toBe('img')
    expect(imageUnderPrefix('us.gcr.io/production', 'img', 'us.gcr.io/prod')).toBeUndefined()
  })

  it('a tagless edge does not wipe tags of the same digest', () => {
    const inv = edgesToSnapshot([edge('foo', A, 'v1'), edge('foo', A, '')], DST1)
    expect(inv.get('foo')!.get(A)).toEqual(['v1'])
  })
})

describe('snapshotRegistry', () => {
  function prod() {
    const store = new FakeStore('us.gcr.io')
    store.add('prod/foo', A, 'v1', 'latest').add('prod/foo/sub', B, 'v2').add('other/x', C, 'v9')
    store.addIndex('prod/bar', C, [digestOf('d'), digestOf('e')], 'v3')
    return store
  }

  it('reads repositories from the catalog under the prefix, one HEAD per tag', async () => {
    const store = prod()
    const { inventory } = await snapshotRegistry({
      resolve: fakeResolver(store),
      prefix: 'us.gcr.io/prod'
    })
    expect(renderSnapshot(inventory, 'csv')).toBe(
      `bar@${C},bar:v3\nfoo@${A},foo:latest\nfoo@${A},foo:v1\nfoo/sub@${B},foo/sub:v2\n\n`
    )
  })

  it('uses a given repository list and --snapshot-tag', async () => {
    const store = prod()
    const { inventory } = await snapshotRegistry({
      resolve: fakeResolver(store),
      prefix: 'us.gcr.io/prod',
      repositories: ['foo', 'bar'],
      snapshotTag: 'v1'
    })
    expect(renderSnapshot(inventory, 'csv')).toBe(`foo@${A},foo:latest\nfoo@${A},foo:v1\n\n`)
    expect(store.calls.some((c) => c.startsWith('CATALOG'))).toBe(false)
  })

  it('--minimal-snapshot drops untagged index children (Google listing shows them)', async () => {
    const store = prod()
    store.extendedListing = true
    const full = await snapshotRegistry({
      resolve: fakeResolver(store),
      prefix: 'us.gcr.io/prod',
      repositories: ['bar']
    })
    expect(full.inventory.get('bar')!.size).toBe(3)
    const minimal = await snapshotRegistry({
      resolve: fakeResolver(store),
      prefix: 'us.gcr.io/prod',
      repositories: ['bar'],
      minimal: true
    })
    expect([...minimal.inventory.get('bar')!.keys()]).toEqual([C])
  })

  it('a failing repository stops the snapshot with its name', async () => {
    const store = prod()
    store.failing.add('prod/foo')
    await expect(
      snapshotRegistry({ resolve: fakeResolver(store), prefix: 'us.gcr.io/prod' })
    ).rejects.toMatchObject({
      code: 'SNAPSHOT_READ_FAILED',
      message: expect.stringContaining('us.gcr.io/prod/foo')
    })
  })
})
