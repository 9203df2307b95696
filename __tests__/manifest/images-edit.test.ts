// The images.yaml edit of `pr`: untouched lines stay byte-identical (comments, quoting, blank
// lines), new entries land where kpromo's writer would put them, and shapes it cannot splice into
// are refused rather than rewritten.
import { describe, expect, it } from '@jest/globals'
import { parseDocument } from 'yaml'
import { addToImages, ImagesEditError } from '../../src/manifest/images-edit.js'

const D = (c: string): string => `sha256:${c.repeat(64)}`

/**
 * kpromo's ManifestList.ToYAML (image/image.go), restated for the comparison: images by name,
 * digests by their smallest tag then digest, tags sorted, `"digest": ["a","b"]`.
 */
function kpromoYaml(images: Map<string, Map<string, string[]>>): string {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  let out = ''
  for (const name of [...images.keys()].sort(cmp)) {
    out += `- name: ${name}\n  dmap:\n`
    const dmap = images.get(name)!
    const key = (d: string) => [...dmap.get(d)!].sort(cmp)[0] ?? ''
    const digests = [...dmap.keys()].sort((a, b) => cmp(key(a), key(b)) || cmp(a, b))
    for (const d of digests)
      out += `    "${d}": [${[...dmap.get(d)!]
        .sort(cmp)
        .map((t) => `"${t}"`)
        .join(',')}]\n`
  }
  return out
}

/** A line diff (LCS): the lines removed from `before` and added in `after`. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n')
  const b = after.split('\n')
  const lcs = a.map(() => new Array<number>(b.length + 1).fill(0))
  lcs.push(new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const removed: string[] = []
  const added: string[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++
      j++
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!))
      added.push(b[j++]!)
    else removed.push(a[i++]!)
  }
  return { removed, added }
}

/** Lines only added: every original line is still there, byte for byte, in order. */
function onlyAdded(before: string, after: string): string[] {
  const { removed, added } = lineDiff(before, after)
  expect(removed).toEqual([])
  return added
}

describe('addToImages', () => {
  const tree = new Map([
    [
      'aaa',
      new Map([
        [D('1'), ['v1.0.0']],
        [D('3'), ['v1.2.0', 'v1.2']]
      ])
    ],
    ['ccc', new Map([[D('5'), ['a']]])]
  ])

  it('on a file kpromo wrote, gives exactly what kpromo would write for the union', () => {
    const before = kpromoYaml(tree)
    const wanted = new Map([
      [D('2'), ['v1.1.0']],
      [D('4'), ['v1.3.0', 'v0.9-rc']],
      [D('0'), ['v1.0.0-rc.1']]
    ])
    const { text, added, newDigests } = addToImages(before, 'f', 'aaa', wanted)
    const union = new Map(tree)
    union.set('aaa', new Map([...tree.get('aaa')!, ...wanted]))
    expect(text).toBe(kpromoYaml(union))
    expect(onlyAdded(before, text)).toHaveLength(3)
    expect(newDigests.sort()).toEqual([D('0'), D('2'), D('4')])
    expect(added.get(D('4'))).toEqual(['v0.9-rc', 'v1.3.0'])
  })

  it('adds a new image in name order, as kpromo does', () => {
    const before = kpromoYaml(tree)
    for (const name of ['0first', 'bbb', 'zzz', 'aaa/sub']) {
      const wanted = new Map([[D('9'), ['v2']]])
      const { text } = addToImages(before, 'f', name, wanted)
      const union = new Map(tree).set(name, wanted)
      expect(text).toBe(kpromoYaml(union))
    }
  })

  it('keeps comments, blank lines, quoting and flow spacing of every untouched line', () => {
    const before = [
      '# Images of the foo sub-project. Owners: @foo-team',
      '',
      '# the controller',
      '- name: controller # inline comment',
      '  dmap:',
      `    "${D('1')}": ["v1.0.0", "v1.0"] # two tags, spaced`,
      '    # deprecated, kept for old clusters',
      `    '${D('3')}': [v0.9.0]`,
      '',
      '# the webhook, comment attached to it',
      '- name: webhook',
      '  dmap:',
      `    "${D('5')}": ["v1.0.0"]`
    ].join('\n') // no final newline
    const { text } = addToImages(
      before,
      'f',
      'controller',
      new Map([
        [D('2'), ['v1.1.0']],
        [D('1'), ['v1.0.1']]
      ])
    )
    const diff = lineDiff(before, text)
    // The multi-tag line keeps its ", " spacing when a tag is added to it. The file is not in
    // kpromo's order (v0.9.0 sorts before v1.0) and is not re-sorted (minimal diff): the new
    // digest goes before the first entry whose smallest tag is larger, here none, so last.
    expect(text).toContain(`    "${D('1')}": ["v1.0", "v1.0.0", "v1.0.1"] # two tags, spaced\n`)
    expect(text).toContain(
      `    '${D('3')}': [v0.9.0]\n    "${D('2')}": ["v1.1.0"]\n\n# the webhook, comment attached to it\n`
    )
    // One line changed (a tag added to it), one added, the last line got its newline; nothing else.
    expect(diff).toEqual({
      removed: [`    "${D('1')}": ["v1.0.0", "v1.0"] # two tags, spaced`],
      added: [
        `    "${D('1')}": ["v1.0", "v1.0.0", "v1.0.1"] # two tags, spaced`,
        `    "${D('2')}": ["v1.1.0"]`,
        ''
      ]
    })
    // A new image before webhook goes above webhook's own comment, not between them.
    const withImage = addToImages(before, 'f', 'sidecar', new Map([[D('7'), ['v1']]])).text
    expect(withImage).toContain(
      `\n- name: sidecar\n  dmap:\n    "${D('7')}": ["v1"]\n# the webhook, comment attached to it\n- name: webhook\n`
    )
    expect(onlyAdded(before, withImage)).toHaveLength(4) // 3 lines, and the final newline
    // The result parses to what was asked, and the header comment survives.
    const doc = parseDocument(text, { schema: 'failsafe' }).toJS() as {
      name: string
      dmap: Record<string, string[]>
    }[]
    expect(doc[0]!.dmap[D('2')]).toEqual(['v1.1.0'])
    expect(text.startsWith('# Images of the foo sub-project. Owners: @foo-team\n\n')).toBe(true)
  })

  it('fills an empty dmap, keeps the indentation of an indented list, adds tagless digests', () => {
    const empty = '- name: foo\n  dmap:\n- name: zed\n  dmap:\n    "x": ["1"]\n'
    expect(addToImages(empty, 'f', 'foo', new Map([[D('1'), ['v1']]])).text).toBe(
      `- name: foo\n  dmap:\n    "${D('1')}": ["v1"]\n- name: zed\n  dmap:\n    "x": ["1"]\n`
    )
    const indented = `  - name: foo\n    dmap:\n      "${D('1')}": ["v1"]\n`
    expect(addToImages(indented, 'f', 'goo', new Map([[D('2'), []]])).text).toBe(
      `${indented}  - name: goo\n    dmap:\n      "${D('2')}": []\n`
    )
    expect(addToImages('', 'f', 'foo', new Map([[D('1'), ['v1']]])).text).toBe(
      `- name: foo\n  dmap:\n    "${D('1')}": ["v1"]\n`
    )
  })

  it('changes nothing when everything is already there', () => {
    const before = kpromoYaml(tree)
    const same = addToImages(before, 'f', 'aaa', new Map([[D('3'), ['v1.2']]]))
    expect(same.text).toBe(before)
    expect(same.added.size).toBe(0)
  })

  it('adds a tag that another digest holds (the validator then refuses the move)', () => {
    const before = kpromoYaml(tree)
    const { text } = addToImages(before, 'f', 'aaa', new Map([[D('9'), ['v1.0.0']]]))
    expect(text).toContain(`"${D('9')}": ["v1.0.0"]`)
    expect(text).toContain(`"${D('1')}": ["v1.0.0"]`)
  })

  it('refuses shapes it cannot splice into, and names that are not repository paths', () => {
    const cases: [string, string][] = [
      ['{a: 1}', 'foo'],
      ['- name: foo\n  dmap: {"x": ["1"]}\n', 'foo'],
      ['- name: foo\n  dmap:\n    "x":\n      - "1"\n', 'foo'],
      ['- name: foo\n', 'foo'],
      ['- [unclosed', 'foo'],
      ['', 'foo\n  dmap:\n    "sha256:evil": ["x"]\n- name: bar'],
      ['', 'foo: bar']
    ]
    for (const [text, image] of cases)
      expect(() => addToImages(text, 'f', image, new Map([['x', ['2']]]))).toThrow(ImagesEditError)
  })
})
