// Seeded generator of broken kpromo manifests for the bad-input scenario: each mutation starts
// from a valid plain manifest (or thin layout) and breaks it in one named way that kpromo's rules
// or the strict YAML reader must refuse.
import { mulberry32 } from '../harness/prng.js'

export const HEX = (c: string) => c.repeat(64)

/** A valid plain manifest; every mutation below turns it into an invalid one. */
export function validPlainManifest(): string {
  return [
    'registries:',
    '- name: gcr.io/example-staging',
    '  src: true',
    '- name: us-docker.pkg.dev/example/images',
    '  service-account: promoter@example.iam.gserviceaccount.com',
    '- name: eu-docker.pkg.dev/example/images',
    'images:',
    '- name: apple',
    '  dmap:',
    `    "sha256:${HEX('1')}": ["1.0", "latest"]`,
    `    "sha256:${HEX('2')}": []`,
    '- name: fruits/banana',
    '  dmap:',
    `    "sha256:${HEX('3')}": ["1.0", "1.1"]`,
    ''
  ].join('\n')
}

export interface Mutation {
  kind: string
  text: string | Buffer
}

type Random = () => number
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!

const BAD_DIGESTS = [
  'sha256:abc',
  `sha256:${HEX('g')}`,
  `md5:${HEX('1')}`,
  `sha256:${HEX('A')}`,
  `${HEX('1')}`,
  `sha256:${HEX('1')}0`,
  'sha256:',
  `sha256 :${HEX('1')}`
]
const BAD_TAGS = ['-lead', '.dot', 'a'.repeat(129), 'sp ace', 'slash/tag', 'colon:tag', 'ü', '']
const WRONG_TYPE_VALUES = ['[1, 2]', '{a: b}', '"text"', '42', 'true', '~']

/** Line-level edits: replace the value at one known line with something of the wrong kind. */
const MUTATORS: Record<string, (base: string[], random: Random) => string> = {
  'bad digest': (lines, random) => {
    const digest = pick(random, BAD_DIGESTS)
    return edit(lines, 9, `    "${digest}": ["1.0"]`)
  },
  'bad tag': (lines, random) =>
    edit(lines, 13, `    "sha256:${HEX('3')}": ["${pick(random, BAD_TAGS)}"]`),
  'wrong type: registries': (lines, random) =>
    [`registries: ${pick(random, WRONG_TYPE_VALUES)}`, ...lines.slice(6)].join('\n'),
  'wrong type: images': (lines, random) =>
    [...lines.slice(0, 6), `images: ${pick(random, ['"x"', '42', '{a: b}'])}`].join('\n'),
  'wrong type: dmap': (lines, random) =>
    edit(lines, 8, `  dmap: ${pick(random, ['[1, 2]', '"text"', '42', 'true'])}`, 2),
  'wrong type: tags': (lines, random) =>
    edit(lines, 9, `    "sha256:${HEX('1')}": ${pick(random, ['{a: b}', '"1.0"', '42', '[[1]]'])}`),
  'wrong type: name': (lines, random) =>
    edit(lines, 7, `- name: ${pick(random, ['[a]', '{a: b}', '""', '~'])}`),
  'duplicate key': (lines, random) => {
    const at = pick(random, [2, 9, 13])
    return [...lines.slice(0, at + 1), lines[at]!, ...lines.slice(at + 1)].join('\n')
  },
  'unknown key': (lines, random) => {
    const at = pick(random, [2, 8, 0])
    const indent = at === 0 ? '' : '  '
    return [
      ...lines.slice(0, at),
      `${indent}colour${Math.floor(random() * 1e6)}: red`,
      ...lines.slice(at)
    ].join('\n')
  },
  'huge scalar': (lines, random) => {
    const size = pick(random, [100_000, 1_000_000, 9 * 1024 * 1024])
    const where = pick(random, ['tag', 'digest'])
    const huge = 'x'.repeat(size)
    const line =
      where === 'tag' ? `    "sha256:${HEX('1')}": ["${huge}"]` : `    "sha256:${huge}": []`
    return edit(lines, 9, line)
  },
  'deep nesting': (lines, random) => {
    const depth = pick(random, [1_000, 10_000, 100_000])
    const flow = pick(random, ['[', '{a: '])
    const close = flow === '[' ? ']' : '}'
    return edit(lines, 8, `  dmap: ${flow.repeat(depth)}1${close.repeat(depth)}`)
  },
  'deep block nesting': (lines, random) => {
    const depth = pick(random, [200, 2_000])
    const nested = Array.from({ length: depth }, (_, i) => `${' '.repeat(2 + i)}- `).join('\n')
    return [...lines.slice(0, 8), `  dmap:`, nested].join('\n')
  },
  'alias bomb': (_lines, random) => {
    const levels = pick(random, [8, 12, 20])
    const out = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for (let i = 1; i < levels; i++) {
      out.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`)
    }
    out.push('registries:', `- name: *a${levels - 1}`, '  src: true')
    return out.join('\n')
  },
  'binary garbage': (lines, random) => {
    const bytes = Array.from({ length: 64 + Math.floor(random() * 4096) }, () =>
      String.fromCharCode(Math.floor(random() * 256))
    ).join('')
    return [...lines.slice(0, 7), bytes, ...lines.slice(7)].join('\n')
  },
  truncated: (lines, random) => {
    const text = lines.join('\n')
    const cut = 1 + Math.floor(random() * (text.length - 2))
    return `${text.slice(0, cut)}\n  - {: [`
  },
  'bad indentation': (lines, random) => {
    const at = 7 + Math.floor(random() * 6)
    return edit(lines, at, ` ${' '.repeat(Math.floor(random() * 3) + 1)}${lines[at]!}`)
  },
  'no source': (lines) => lines.filter((_, i) => i !== 2).join('\n'),
  'two sources': (lines) => [...lines.slice(0, 6), '  src: true', ...lines.slice(6)].join('\n'),
  'empty dmap': (lines) => [...lines.slice(0, 8), '  dmap: {}', ...lines.slice(11)].join('\n'),
  'tab indentation': (lines) => edit(lines, 9, `\t"sha256:${HEX('1')}": ["1.0"]`)
}

function edit(lines: string[], at: number, replacement: string, drop = 1): string {
  return [...lines.slice(0, at), replacement, ...lines.slice(at + drop)].join('\n')
}

export const MUTATION_KINDS = Object.keys(MUTATORS)

/** `count` mutations cycling through every kind, with seeded choices within each. */
export function* plainMutations(count: number, seed = 9): Generator<Mutation> {
  const random = mulberry32(seed)
  const base = validPlainManifest().split('\n')
  for (let i = 0; i < count; i++) {
    const kind = MUTATION_KINDS[i % MUTATION_KINDS.length]!
    yield { kind, text: MUTATORS[kind]!(base, random) }
  }
}
