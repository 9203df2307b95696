// Edges (kpromo §2.2) and the cross-manifest overlap check (§1.6): exact edges of a small
// manifest, de-duplication, conflicts at every position involved, and the digest filter.
import { describe, expect, it } from '@jest/globals'
import { buildEdges, loadManifests, type PromotionManifest } from '../../src/manifest/index.js'
import { at, digestOf, fixture, loadPlain, loadThin } from './fixtures.js'

const position = { file: 'm.yaml', line: 1, column: 1 }

function manifest(destinations: string[], digests: [string, string[]][]): PromotionManifest {
  const source = { name: 'gcr.io/staging', src: true, position }
  const registries = [source, ...destinations.map((name) => ({ name, src: false, position }))]
  const images = [
    {
      name: 'app',
      position,
      digests: digests.map(([digest, tags]) => ({ digest, tags, position }))
    }
  ]
  return {
    file: 'm.yaml',
    imagesFile: 'm.yaml',
    registries,
    images,
    source,
    destinations: registries.slice(1)
  }
}

describe('buildEdges', () => {
  it('builds one edge per destination and tag, tag "" for tagless digests, in manifest order', async () => {
    const set = await loadPlain('plain', 'valid.yaml')
    const { edges, errors } = buildEdges(set.manifests)
    expect(errors).toEqual([])
    const us = 'us-docker.pkg.dev/example/images'
    const eu = 'eu-docker.pkg.dev/example/images'
    expect(edges.map((e) => [e.dstRegistry, e.image, e.digest, e.tag])).toEqual([
      [us, 'apple', digestOf('1'), '1.0'],
      [us, 'apple', digestOf('1'), 'latest'],
      [eu, 'apple', digestOf('1'), '1.0'],
      [eu, 'apple', digestOf('1'), 'latest'],
      [us, 'apple', digestOf('2'), ''],
      [eu, 'apple', digestOf('2'), ''],
      [us, 'fruits/banana', digestOf('3'), '1.0'],
      [us, 'fruits/banana', digestOf('3'), '1.1'],
      [eu, 'fruits/banana', digestOf('3'), '1.0'],
      [eu, 'fruits/banana', digestOf('3'), '1.1'],
      [us, 'fruits/banana', digestOf('4'), ''],
      [eu, 'fruits/banana', digestOf('4'), '']
    ])
    expect(new Set(edges.map((e) => e.srcRegistry))).toEqual(new Set(['gcr.io/example-staging']))
    expect(edges[0]!.position).toEqual({ file: 'valid.yaml', line: 11, column: 5 })
  })

  it('counts a real plain manifest: 22 destinations x 3 digests', async () => {
    const set = await loadPlain('plain', 'k8s-lws.yaml')
    expect(set.errors).toEqual([])
    expect(buildEdges(set.manifests).edges).toHaveLength(66)
  })

  it('lists each (source, image, digest, destination, tag) once', () => {
    const twice = manifest(['reg.example/a', 'reg.example/a'], [[digestOf('1'), ['v1', 'v1']]])
    const { edges, errors } = buildEdges([twice, twice])
    expect(errors).toEqual([])
    expect(edges.map((e) => `${e.dstRegistry} ${e.tag}`)).toEqual(['reg.example/a v1'])
  })

  it('keeps tagless duplicates once, and adds the destinations only a later manifest has', () => {
    const first = manifest(['reg.example/a'], [[digestOf('1'), []]])
    const second = manifest(['reg.example/a', 'reg.example/b'], [[digestOf('1'), []]])
    const { edges, errors } = buildEdges([first, second])
    expect(errors).toEqual([])
    expect(edges.map((e) => `${e.dstRegistry} "${e.tag}"`)).toEqual([
      'reg.example/a ""',
      'reg.example/b ""'
    ])
  })

  it('builds no edges for a manifest without destinations', () => {
    expect(buildEdges([manifest([], [[digestOf('1'), ['v1']]])]).edges).toEqual([])
  })

  it('reports a tag on two digests in one dmap, without tag positions to hand', () => {
    const conflicting = manifest(
      ['reg.example/a'],
      [
        [digestOf('1'), ['v1']],
        [digestOf('2'), ['v1']]
      ]
    )
    const { edges, errors } = buildEdges([conflicting])
    expect(edges).toHaveLength(2)
    expect(errors.map(at)).toEqual(['OVERLAPPING_EDGES m.yaml:1:1', 'OVERLAPPING_EDGES m.yaml:1:1'])
  })
})

describe('overlap check across manifests', () => {
  it('reports every position of a destination tag named with two digests, across splits', async () => {
    const set = await loadThin('thin-overlap')
    expect(set.errors).toEqual([])
    const { errors } = buildEdges(set.manifests)
    expect(errors.map(at)).toEqual([
      'OVERLAPPING_EDGES images/one/images.yaml:3:81',
      'OVERLAPPING_EDGES images/one/images.yaml:6:81',
      'OVERLAPPING_EDGES images/one/images.yaml:7:81',
      'OVERLAPPING_EDGES images/two/images.yaml:3:81'
    ])
    // images + kubernetes/pause and images/kubernetes + pause are the same repository.
    expect(errors[0]!.message).toBe(
      `overlapping edges: tag "3.9" of "reg.example/prod/images/kubernetes/pause" would name ` +
        `${digestOf('1')} here, and ${digestOf('4')} at images/two/images.yaml:3:81`
    )
    expect(errors[0]!.hint).toContain('one digest only')
  })

  it('keeps a redundant promotion once and tagless duplicates once', async () => {
    const { edges } = buildEdges((await loadThin('thin-overlap')).manifests)
    expect(edges).toHaveLength(12)
    const etcd = edges.filter((e) => e.image === 'etcd')
    expect(etcd.map((e) => [e.srcRegistry, e.dstRegistry, e.digest, e.tag])).toEqual([
      ['gcr.io/one-staging', 'reg.example/prod/images', digestOf('5'), '3.5'],
      ['gcr.io/one-staging', 'reg.example/prod/images/kubernetes', digestOf('5'), '3.5'],
      ['gcr.io/two-staging', 'reg.example/prod/images/kubernetes', digestOf('6'), '']
    ])
  })
})

describe('digest filter', () => {
  it('keeps only the selected digests; emptied images stay listed and give no edges', async () => {
    const seen = new Set<string>()
    const set = await loadManifests({
      thinManifestDir: fixture('thin-overlap'),
      digestFilter: (image, digest) => {
        seen.add(image)
        return digest === digestOf('5')
      }
    })
    expect(seen).toEqual(new Set(['kubernetes/pause', 'coredns', 'etcd', 'pause']))
    expect(set.manifests.map((m) => m.images.length)).toEqual([3, 4])
    const { edges, errors } = buildEdges(set.manifests)
    expect(errors).toEqual([])
    expect(edges.map((e) => [e.srcRegistry, e.dstRegistry, e.tag])).toEqual([
      ['gcr.io/one-staging', 'reg.example/prod/images', '3.5'],
      ['gcr.io/one-staging', 'reg.example/prod/images/kubernetes', '3.5']
    ])
  })
})
