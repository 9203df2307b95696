// `pr`'s images.yaml edit: a digest and tags are added in kpromo's layout and order, touching only
// the lines that change (comments and the rest of the file stay byte for byte); a tag that would
// move to another digest is refused; the edited file still loads as the same manifest plus the
// addition.
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { addToImagesYaml } from '../../src/manifest/images-edit.js'

const d = (c: string) => `sha256:${c.repeat(64)}`

const FILE = `# Images of the pause sub-project.
- name: coredns
  dmap:
    # the first release
    "${d('2')}": ["v1"]
    "${d('5')}": ["v1.1", "v1.2"] # LTS
- name: pause
  dmap:
    "${d('4')}": ["3.9"]
`

const add = (name: string, digest: string, tags: string[], text = FILE) =>
  addToImagesYaml(text, { name, digest, tags }, 'images/pause/images.yaml')

const changedLines = (before: string, after: string) => {
  const a = new Set(before.split('\n'))
  return after.split('\n').filter((l) => !a.has(l))
}

describe('addToImagesYaml', () => {
  it('inserts a digest line in digest order, keeping every other line and comment', () => {
    const out = add('coredns', d('3'), ['v1.0.1', 'v1.0'])
    expect(changedLines(FILE, out)).toEqual([`    "${d('3')}": ["v1.0", "v1.0.1"]`])
    expect(out.split('\n').indexOf(`    "${d('3')}": ["v1.0", "v1.0.1"]`)).toBe(5)
    expect(out.replace(`    "${d('3')}": ["v1.0", "v1.0.1"]\n`, '')).toBe(FILE)
    expect(parse(out)[0].dmap[d('3')]).toEqual(['v1.0', 'v1.0.1'])
  })

  it('appends after the last digest (past its trailing comment) when it sorts last', () => {
    const out = add('coredns', d('9'), ['v2'])
    expect(out.split('\n')[6]).toBe(`    "${d('9')}": ["v2"]`)
    expect(out.replace(`    "${d('9')}": ["v2"]\n`, '')).toBe(FILE)
  })

  it('adds tags to a known digest (sorted, once) and is a no-op when they are there', () => {
    const out = add('pause', d('4'), ['3.9.1'])
    expect(changedLines(FILE, out)).toEqual([`    "${d('4')}": ["3.9", "3.9.1"]`])
    expect(add('pause', d('4'), ['3.9'])).toBe(FILE)
    expect(add('coredns', d('5'), ['v1.2', 'v1.1'])).toBe(FILE)
  })

  it('adds a new image block in name order when the file is sorted, else at the end', () => {
    const out = add('etcd', d('6'), ['3.5'])
    expect(out).toBe(
      FILE.replace(
        '- name: pause',
        `- name: etcd\n  dmap:\n    "${d('6')}": ["3.5"]\n- name: pause`
      )
    )
    const unsorted = `- name: zeta\n  dmap:\n    "${d('1')}": ["a"]\n- name: alpha\n  dmap:\n    "${d('2')}": ["b"]`
    expect(add('beta', d('3'), ['c'], unsorted)).toBe(
      `${unsorted}\n- name: beta\n  dmap:\n    "${d('3')}": ["c"]\n`
    )
    expect(add('first', d('1'), ['v1'], '# No images yet\n')).toBe(
      `# No images yet\n- name: first\n  dmap:\n    "${d('1')}": ["v1"]\n`
    )
  })

  it('refuses to move a tag from another digest', () => {
    expect(() => add('coredns', d('7'), ['v1.2'])).toThrow(
      `images/pause/images.yaml: tag "v1.2" of image "coredns" is on ${d('5')}; adding it to ${d('7')} would move it`
    )
  })

  it('refuses what it cannot edit in place', () => {
    expect(() => add('x', d('1'), ['a'], 'images: {}\n')).toThrow('the top level is not a list')
    expect(() => add('x', d('1'), ['a'], '- name: x\n  dmap: {}\n')).toThrow(
      'image "x" has no block dmap to add to'
    )
  })
})
