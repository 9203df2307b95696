// createStoreResolver: registry names to the per-host registry store, oci: names to the layout
// store with the directory resolved against the manifest root.
import { describe, expect, it, jest } from '@jest/globals'
import { join, resolve } from 'node:path'
import { LayoutStore } from '../../src/oci/layout/index.js'
import { createStoreResolver } from '../../src/oci/open.js'
import type { Store } from '../../src/oci/store.js'

// A registry store is only identified here, never called: a layout store stands in for one.
const registryStoreFor = (host: string): Store =>
  Object.assign(new LayoutStore({ baseDir: host }), { host })

describe('createStoreResolver', () => {
  const layoutStore = new LayoutStore()

  it('sends registry names to the store of their host, created once per host', () => {
    const registryStore = jest.fn(registryStoreFor)
    const resolveRepository = createStoreResolver({ registryStore, layoutStore })
    const a = resolveRepository('registry.k8s.io/pause')
    const b = resolveRepository('registry.k8s.io/kube-proxy')
    const c = resolveRepository('127.0.0.1:5000/foo/bar')
    expect(a).toMatchObject({ repo: 'pause', name: { kind: 'registry', host: 'registry.k8s.io' } })
    expect(b.store).toBe(a.store)
    expect(c).toMatchObject({ repo: 'foo/bar', store: { host: '127.0.0.1:5000' } })
    expect(registryStore.mock.calls.map(([host]) => host)).toEqual([
      'registry.k8s.io',
      '127.0.0.1:5000'
    ])
  })

  it.each([
    ['oci:./staging/foo/bar', '/manifests', join('/manifests', 'staging/foo/bar')],
    ['oci:staging/foo/', '/manifests', join('/manifests', 'staging/foo')],
    ['oci:/abs/prod/foo', '/manifests', '/abs/prod/foo'],
    ['oci:./staging/foo/bar', undefined, join('staging', 'foo', 'bar')],
    ['oci:/abs/prod/foo/', undefined, '/abs/prod/foo']
  ])('sends %s (base %s) to the layout store as %s', (name, layoutBaseDir, dir) => {
    const resolveRepository = createStoreResolver({
      registryStore: registryStoreFor,
      layoutStore,
      layoutBaseDir
    })
    const resolved = resolveRepository(name)
    expect(resolved.store).toBe(layoutStore)
    expect(resolved.repo).toBe(dir)
    expect(resolved.name).toEqual({ kind: 'layout', dir: name.slice('oci:'.length) })
  })

  it('resolves a relative layout directory the same way the layout store does', () => {
    const resolveRepository = createStoreResolver({ registryStore: registryStoreFor, layoutStore })
    expect(layoutStore.dirOf(resolveRepository('oci:./a/b').repo)).toBe(resolve('a/b'))
  })

  it('rejects a malformed name (INVALID_REFERENCE)', () => {
    const resolveRepository = createStoreResolver({ registryStore: registryStoreFor, layoutStore })
    expect(() => resolveRepository('Registry.io/Upper')).toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE' })
    )
    expect(() => resolveRepository('oci:')).toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE' })
    )
  })
})
