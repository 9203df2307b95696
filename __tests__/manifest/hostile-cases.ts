// Hostile manifest trees, as a pull request could write them: links out of the tree, linked
// directories, path-climbing image names, alias bombs and huge lists. Shared by the unit test
// (__tests__/manifest/hostile.test.ts) and the reliability scenario (hostile-manifests).
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { LoadManifestsOptions } from '../../src/manifest/index.js'

/** Planted in every file outside the tree; it must never appear in any output. */
export const SECRET = 'hostile-secret-7f3a9c1e5b'

export const DIGEST = `sha256:${'a'.repeat(64)}`

export function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

export function link(path: string, target: string): void {
  mkdirSync(dirname(path), { recursive: true })
  symlinkSync(target, path)
}

export function manifestYaml(source = 'gcr.io/staging', destination = 'gcr.io/prod'): string {
  return `registries:\n- name: ${source}\n  src: true\n- name: ${destination}\n`
}

export function imagesYaml(name = 'foo', tags = ['v1']): string {
  return `- name: ${name}\n  dmap:\n    "${DIGEST}": [${tags.join(', ')}]\n`
}

/**
 * Outside the tree: files that would be valid manifests naming the secret, so reading one shows
 * both in the result (an image named after the secret: an escape) and in messages (a leak).
 */
export function plantOutside(dir: string): string {
  const outside = join(dir, 'outside')
  write(join(outside, 'images.yaml'), imagesYaml(`x/${SECRET}`))
  write(join(outside, 'promoter-manifest.yaml'), manifestYaml(`gcr.io/${SECRET}`))
  write(join(outside, 'manifests/s/promoter-manifest.yaml'), manifestYaml(`gcr.io/${SECRET}`))
  write(join(outside, 'images/s/images.yaml'), imagesYaml(`x/${SECRET}`))
  write(join(outside, 'plain.yaml'), manifestYaml() + `images:\n${imagesYaml(`x/${SECRET}`)}`)
  write(join(outside, 'secret.txt'), `TOKEN=${SECRET}\n`.repeat(50))
  return outside
}

/** A valid thin tree with manifest `a` under `dir/tree`; returns the tree. */
export function thinTree(dir: string): string {
  const tree = join(dir, 'tree')
  write(join(tree, 'manifests/a/promoter-manifest.yaml'), manifestYaml())
  write(join(tree, 'images/a/images.yaml'), imagesYaml())
  return tree
}

export interface HostileCase {
  name: string
  /** Builds the case under `dir` (which holds `outside/`, see plantOutside). */
  build(dir: string, outside: string): LoadManifestsOptions
  /** An error code the load must report. */
  expectCode: string
}

function thin(
  name: string,
  expectCode: string,
  change: (tree: string, outside: string) => void
): HostileCase {
  return {
    name,
    expectCode,
    build: (dir, outside) => {
      const tree = thinTree(dir)
      change(tree, outside)
      return { thinManifestDir: tree }
    }
  }
}

export const LINK_CASES: HostileCase[] = [
  thin('images file linked to a file outside (relative)', 'LINK_OUTSIDE_ROOT', (tree) => {
    relink(join(tree, 'images/a/images.yaml'), '../../../outside/images.yaml')
  }),
  thin('images file linked to a file outside (absolute)', 'LINK_OUTSIDE_ROOT', (tree, out) => {
    relink(join(tree, 'images/a/images.yaml'), join(out, 'images.yaml'))
  }),
  thin('images file linked to /proc/self/environ', 'LINK_OUTSIDE_ROOT', (tree) => {
    relink(join(tree, 'images/a/images.yaml'), '/proc/self/environ')
  }),
  thin('images file linked to a secret text file', 'LINK_OUTSIDE_ROOT', (tree, out) => {
    relink(join(tree, 'images/a/images.yaml'), join(out, 'secret.txt'))
  }),
  thin('manifest file linked outside', 'LINK_OUTSIDE_ROOT', (tree, out) => {
    relink(join(tree, 'manifests/a/promoter-manifest.yaml'), join(out, 'promoter-manifest.yaml'))
  }),
  thin('link chain that leaves on its second step', 'LINK_OUTSIDE_ROOT', (tree, out) => {
    link(join(tree, 'images/b/step'), join(out, 'images.yaml'))
    relink(join(tree, 'images/a/images.yaml'), '../b/step')
  }),
  thin('images/<sub> directory linked outside', 'LINK_OUTSIDE_ROOT', (tree, out) => {
    link(join(tree, 'images/s'), out)
    write(join(tree, 'manifests/s/promoter-manifest.yaml'), manifestYaml())
  }),
  thin('images/ linked outside', 'LINK_OUTSIDE_ROOT', (tree, out) => {
    relinkDir(join(tree, 'images'), out)
  }),
  thin('images/ linked to /', 'LINK_OUTSIDE_ROOT', (tree) => {
    relinkDir(join(tree, 'images'), '/')
  }),
  thin('manifests/ linked to /', 'LINK_OUTSIDE_ROOT', (tree) => {
    relinkDir(join(tree, 'manifests'), '/')
  }),
  thin('manifests/ linked outside', 'LINK_OUTSIDE_ROOT', (tree, out) => {
    relinkDir(join(tree, 'manifests'), join(out, 'manifests'))
  }),
  thin('manifests/<sub> linked outside', 'SKIPPED_LINK', (tree, out) => {
    link(join(tree, 'manifests/s'), join(out, 'manifests/s'))
    link(join(tree, 'images/s'), join(out, 'images/s'))
  }),
  thin('manifests/<sub> linked to /', 'SKIPPED_LINK', (tree) => {
    link(join(tree, 'manifests/root'), '/')
  }),
  thin('manifests/<sub>/<dir> linked to /', 'SKIPPED_LINK', (tree) => {
    link(join(tree, 'manifests/a/deeper'), '/')
  }),
  thin('a directory linked to its parent (a loop)', 'SKIPPED_LINK', (tree) => {
    link(join(tree, 'manifests/a/loop'), '..')
  }),
  thin('directories nested 40 deep', 'WALK_LIMIT', (tree) => {
    mkdirSync(join(tree, 'manifests', ...Array.from({ length: 40 }, (_, i) => `d${i}`)), {
      recursive: true
    })
  }),
  {
    name: 'plain manifest linked outside',
    expectCode: 'LINK_OUTSIDE_ROOT',
    build: (dir, out) => {
      link(join(dir, 'tree/plain.yaml'), join(out, 'plain.yaml'))
      return { manifest: join(dir, 'tree/plain.yaml') }
    }
  },
  {
    name: 'plain manifest linked to /proc/self/environ',
    expectCode: 'LINK_OUTSIDE_ROOT',
    build: (dir) => {
      link(join(dir, 'tree/plain.yaml'), '/proc/self/environ')
      return { manifest: join(dir, 'tree/plain.yaml') }
    }
  }
]

function relink(path: string, target: string): void {
  rmSync(path, { force: true })
  link(path, target)
}

function relinkDir(path: string, target: string): void {
  rmSync(path, { recursive: true, force: true })
  link(path, target)
}

/** Image names that climb out of (or are not) a repository path; each must be refused. */
export const BAD_IMAGE_NAMES = [
  '../../x',
  '..',
  '.',
  'a/../../b',
  'a/./b',
  '/etc/x',
  'a//b',
  'a/',
  'a\\..\\b',
  'a\u0000b',
  'a\nb'.replace('\n', '\u001b'),
  'x'.repeat(256)
]

/** A plain manifest under `oci:` registries naming `name` (YAML double-quoted). */
export function ociManifest(name: string): string {
  return (
    `registries:\n- name: oci:staging\n  src: true\n- name: oci:out/prod\n` +
    `images:\n- name: ${JSON.stringify(name)}\n  dmap:\n    "${DIGEST}": [v1]\n`
  )
}

/**
 * `n` images, each naming its image and tag by alias (2n aliases; yaml's own Alias.resolve walks
 * the whole document per alias), or with `aliases` false the same file written out.
 */
export function manyAliases(n: number, aliases = true): string {
  const lines = [manifestYaml(), 'images:']
  for (let i = 0; i < n; i++) {
    const digest = `sha256:${i.toString(16).padStart(64, '0')}`
    const [name, tag] = i === 0 ? ['&n foo', '&t v1'] : aliases ? ['*n', '*t'] : ['foo', 'v1']
    lines.push(`- name: ${name}`, `  dmap: {"${digest}": [${tag}]}`)
  }
  return `${lines.join('\n')}\n`
}

/** One `bytes`-long anchored value used `uses` times as an image name with an empty dmap. */
export function hugeAnchoredValue(bytes: number, uses: number): string {
  const lines = [manifestYaml(), 'images:', `- name: &big ${'A'.repeat(bytes)}`, '  dmap: {}']
  for (let i = 0; i < uses; i++) lines.push('- name: *big', '  dmap: {}')
  return `${lines.join('\n')}\n`
}

/** One digest with `n` tags (distinct, valid). */
export function manyTags(n: number): string {
  const tags = Array.from({ length: n }, (_, i) => `t${i}`)
  return `${manifestYaml()}images:\n${imagesYaml('foo', tags)}`
}

/** `n` digests claiming the same tag: overlap errors for each. */
export function manyConflicts(n: number): string {
  const lines = [manifestYaml(), 'images:', '- name: foo', '  dmap:']
  for (let i = 0; i < n; i++) lines.push(`    "sha256:${i.toString(16).padStart(64, '0')}": [same]`)
  return `${lines.join('\n')}\n`
}

/** `n` invalid tags: as many errors. */
export function manyBadTags(n: number): string {
  const tags = Array.from({ length: n }, (_, i) => `"-bad${i}"`)
  return `${manifestYaml()}images:\n${imagesYaml('foo', tags)}`
}
