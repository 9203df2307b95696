// Broken thin-manifest layouts for the bad-input scenario: wrong content in images.yaml or the
// promoter manifest, a missing images file, a directory or a dangling symlink where a file
// belongs, a symlink loop, a manifest nested in another. Each names the file it must be blamed on.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { mulberry32 } from '../harness/prng.js'
import { HEX } from './mutations.js'

export interface BrokenLayout {
  kind: string
  dir: string
  /** The file (relative to `dir`) an error must name. */
  blamed: string
}

const MANIFEST = 'manifests/sub/promoter-manifest.yaml'
const IMAGES = 'images/sub/images.yaml'
const REGISTRIES = 'registries:\n- name: gcr.io/staging\n  src: true\n- name: gcr.io/prod\n'
const IMAGE_LINES = [
  '- name: app',
  '  dmap:',
  `    "sha256:${HEX('1')}": ["1.0"]`,
  `    "sha256:${HEX('2')}": []`
]

const IMAGE_EDITS: ((random: () => number) => string)[] = [
  () => [...IMAGE_LINES.slice(0, 2), `    "sha256:${HEX('z')}": ["1.0"]`].join('\n'),
  () => [...IMAGE_LINES.slice(0, 3), `    "sha256:${HEX('2')}": ["bad tag"]`].join('\n'),
  () => [...IMAGE_LINES, IMAGE_LINES[3]].join('\n'),
  () => [...IMAGE_LINES, '  flavour: sweet'].join('\n'),
  () => 'registries: []\n',
  () => `- name: app\n  dmap: ${'['.repeat(5000)}`,
  (random) =>
    Array.from({ length: 500 }, () => String.fromCharCode(Math.floor(random() * 256))).join('')
]

type Builder = (dir: string, random: () => number) => string

const BUILDERS: Record<string, Builder> = {
  'broken images.yaml': (dir, random) => {
    const text = IMAGE_EDITS[Math.floor(random() * IMAGE_EDITS.length)]!(random)
    write(dir, MANIFEST, REGISTRIES)
    write(dir, IMAGES, text)
    return IMAGES
  },
  'broken promoter manifest': (dir, random) => {
    const broken = random() < 0.5 ? 'registries:\n- name: gcr.io/prod\n' : 'registries: 7\n'
    write(dir, MANIFEST, broken)
    write(dir, IMAGES, IMAGE_LINES.join('\n'))
    return MANIFEST
  },
  'missing images file': (dir) => {
    write(dir, MANIFEST, REGISTRIES)
    mkdirSync(join(dir, 'images/sub'), { recursive: true })
    return MANIFEST
  },
  'directory as images file': (dir) => {
    write(dir, MANIFEST, REGISTRIES)
    mkdirSync(join(dir, IMAGES), { recursive: true })
    return MANIFEST // the manifest whose images file is not a file
  },
  'dangling symlink as images file': (dir) => {
    write(dir, MANIFEST, REGISTRIES)
    mkdirSync(join(dir, 'images/sub'), { recursive: true })
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, IMAGES))
    return MANIFEST
  },
  'symlink loop as images file': (dir) => {
    write(dir, MANIFEST, REGISTRIES)
    mkdirSync(join(dir, 'images/sub'), { recursive: true })
    symlinkSync(join(dir, 'images/sub/loop-b'), join(dir, 'images/sub/loop-a'))
    symlinkSync(join(dir, 'images/sub/loop-a'), join(dir, 'images/sub/loop-b'))
    symlinkSync(join(dir, 'images/sub/loop-a'), join(dir, IMAGES))
    return MANIFEST
  }
}

function write(dir: string, file: string, text: string): void {
  mkdirSync(join(dir, file, '..'), { recursive: true })
  writeFileSync(join(dir, file), text)
}

export const LAYOUT_KINDS = Object.keys(BUILDERS)

/** `count` broken layouts under `root`, cycling through every kind. */
export function* layoutMutations(root: string, count: number, seed = 11): Generator<BrokenLayout> {
  const random = mulberry32(seed)
  for (let i = 0; i < count; i++) {
    const kind = LAYOUT_KINDS[i % LAYOUT_KINDS.length]!
    const dir = join(root, `layout-${i}`)
    mkdirSync(dir)
    yield { kind, dir, blamed: BUILDERS[kind]!(dir, random) }
  }
}
