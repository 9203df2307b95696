import { describe, expect, it } from '@jest/globals'
import { applyRegistryMap, mapRegistry, parseRegistryMap } from '../../src/plan/registry-map.js'
import { edge } from './edges.js'

describe('registry map', () => {
  const map = parseRegistryMap([
    'us.gcr.io=localhost:5000/us',
    'us.gcr.io/prod/special=oci:/tmp/special/',
    'gcr.io=localhost:5001'
  ])

  it.each([
    ['us.gcr.io/prod', 'localhost:5000/us/prod'],
    ['us.gcr.io', 'localhost:5000/us'],
    ['us.gcr.io/prod/special', 'oci:/tmp/special'],
    ['us.gcr.io/prod/special/x', 'oci:/tmp/special/x'],
    ['us.gcr.io.evil/prod', 'us.gcr.io.evil/prod'], // whole segments only
    ['gcr.io/staging', 'localhost:5001/staging'],
    ['eu.gcr.io/prod', 'eu.gcr.io/prod']
  ])('%s -> %s', (from, to) => {
    expect(mapRegistry(from, map)).toBe(to)
  })

  it('rewrites both ends of every edge', () => {
    const edges = [edge('foo', `sha256:${'a'.repeat(64)}`, 'v1')]
    applyRegistryMap(edges, map)
    expect(edges[0]).toMatchObject({
      srcRegistry: 'localhost:5001/staging',
      dstRegistry: 'localhost:5000/us/prod',
      image: 'foo'
    })
  })

  it.each(['nothing', '=x', 'x=', ''])('rejects %j', (spec) => {
    expect(() => parseRegistryMap([spec])).toThrow(
      expect.objectContaining({ code: 'INVALID_REGISTRY_MAP' })
    )
  })
})
