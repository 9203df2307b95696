import { describe, expect, it } from '@jest/globals'
import {
  formatImageReference,
  joinRepository,
  parseImageReference,
  parseRepository
} from '../src/oci/ref.js'

describe('parseRepository', () => {
  it.each([
    [
      'gcr.io/k8s-staging-foo/bar',
      { kind: 'registry', host: 'gcr.io', path: 'k8s-staging-foo/bar' }
    ],
    ['127.0.0.1:5000/a/b', { kind: 'registry', host: '127.0.0.1:5000', path: 'a/b' }],
    ['localhost/x', { kind: 'registry', host: 'localhost', path: 'x' }],
    ['busybox', { kind: 'registry', host: 'docker.io', path: 'library/busybox' }],
    ['index.docker.io/foo/bar', { kind: 'registry', host: 'docker.io', path: 'foo/bar' }],
    ['oci:./out/prod/foo', { kind: 'layout', dir: './out/prod/foo' }]
  ])('%s', (input, expected) => {
    expect(parseRepository(input)).toEqual(expected)
  })

  it.each(['', 'gcr.io/Upper/case', 'gcr.io/a//b', 'oci:', 'bad host!/x'])(
    'rejects %j',
    (input) => {
      expect(() => parseRepository(input)).toThrow(/invalid reference/)
    }
  )
})

describe('parseImageReference', () => {
  const digest = `sha256:${'a'.repeat(64)}`
  it('splits tag and digest, keeping ports and the oci: scheme', () => {
    expect(parseImageReference(`127.0.0.1:5000/a:v1@${digest}`)).toEqual({
      repository: { kind: 'registry', host: '127.0.0.1:5000', path: 'a' },
      tag: 'v1',
      digest
    })
    expect(parseImageReference('oci:./dir')).toEqual({
      repository: { kind: 'layout', dir: './dir' },
      tag: undefined,
      digest: undefined
    })
    expect(parseImageReference('oci:./dir:v2').tag).toBe('v2')
  })
  it('round-trips', () => {
    const text = `gcr.io/p/img:1.0@${digest}`
    expect(formatImageReference(parseImageReference(text))).toBe(text)
  })
  it('rejects bad digests and tags', () => {
    expect(() => parseImageReference('gcr.io/p/img@sha256:abc')).toThrow(/sha256 digest/)
    expect(() => parseImageReference('gcr.io/p/img:-bad')).toThrow(/valid tag/)
  })
})

describe('joinRepository', () => {
  it('never re-splits registry paths', () => {
    expect(joinRepository('r.io/prod/images/', 'kube/apiserver')).toBe(
      'r.io/prod/images/kube/apiserver'
    )
  })
})
