import { describe, expect, it } from '@jest/globals'
import { lineDigest, parseUnifiedDiff } from '../../src/manifest/diff.js'

const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`

describe('lineDigest (kpromo §6.1 rule)', () => {
  it.each([
    [`+    "${A}": ["v1"]`, A],
    [`-    "${A}": []`, A],
    [`+    ${A}: ["v1"]`, undefined], // quotes are required
    [`+    "${A}": ["${B}"]`, undefined], // two matches: ignored
    [`+    "sha256:${'a'.repeat(63)}": []`, undefined],
    [`+    "sha256:${'A'.repeat(64)}": []`, undefined],
    ['+ - name: foo', undefined]
  ])('%s', (line, expected) => {
    expect(lineDigest(line)).toBe(expected)
  })
})

describe('parseUnifiedDiff', () => {
  it('keeps file and head-side line of added digests only', () => {
    const text = [
      'diff --git a/images/x/images.yaml b/images/x/images.yaml',
      '--- a/images/x/images.yaml',
      '+++ b/images/x/images.yaml',
      '@@ -3 +3,2 @@ - name: foo',
      `-    "${A}": ["v1"]`,
      `+    "${A}": ["v1", "v2"]`,
      `+    "${B}": []`,
      '@@ -9,0 +11 @@',
      `+    "${B}": ["x"]`,
      '\\ No newline at end of file',
      'diff --git a/gone.yaml b/gone.yaml',
      '--- a/gone.yaml',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      `-    "${A}": []`
    ].join('\n')
    expect(parseUnifiedDiff(text)).toEqual([
      { file: 'images/x/images.yaml', line: 3, digest: A },
      { file: 'images/x/images.yaml', line: 4, digest: B },
      { file: 'images/x/images.yaml', line: 11, digest: B }
    ])
  })
})
