// Diff scope on edges (issue #15): a registry added to, removed from or renamed in a manifest
// changes edges without touching images.yaml; a malformed digest the change adds is in scope.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildEdges, loadManifests } from '../../src/manifest/index.js'
import { edgeInScope, resolveScope, scopeIsEmpty } from '../../src/manifest/scope.js'
import { diffEdges } from '../../src/manifest/scope-edges.js'
import { removeTree, writeTreeAt } from '../../src/manifest/tree-at.js'
import { hex, imagesYaml, TempRepo } from './git-repo.js'

const A = hex('a')
const B = hex('b')

const manifestYaml = (destinations: string[]): string =>
  [
    'registries:',
    '- name: staging.example/st',
    '  src: true',
    ...destinations.map((d) => `- name: ${d}`)
  ].join('\n') + '\n'

function thinTree(repo: TempRepo, destinations: string[], images: string): void {
  repo.write('tree/manifests/proj/promoter-manifest.yaml', manifestYaml(destinations))
  repo.write('tree/images/proj/images.yaml', images)
}

const IMAGES = imagesYaml([
  ['foo', [[A, ['v1']]]],
  ['bar', [[B, ['v2']]]]
])

async function scopeOf(repo: TempRepo, base: string) {
  const root = join(repo.dir, 'tree')
  const set = await loadManifests({ thinManifestDir: root })
  const { edges } = buildEdges(set.manifests)
  const selection = await resolveScope(
    { kind: 'changed', base },
    { manifestRoot: root, edges: { head: edges } }
  )
  return { edges, selection, warnings: set.warnings }
}

describe('diff scope on edges', () => {
  it('a destination added to a manifest selects every image of it to that destination only', async () => {
    const repo = new TempRepo()
    thinTree(repo, ['prod.example/a'], IMAGES)
    const base = repo.commit('base')
    thinTree(repo, ['prod.example/a', 'mirror.example/b'], IMAGES)
    repo.commit('add mirror')
    const { edges, selection } = await scopeOf(repo, base)
    const picked = edges.filter((e) => edgeInScope(e, selection))
    expect(picked.map((e) => `${e.image}->${e.dstRegistry}`).sort()).toEqual([
      'bar->mirror.example/b',
      'foo->mirror.example/b'
    ])
    expect(scopeIsEmpty(selection)).toBe(false)
  })

  it('a destination removed selects nothing and is reported as removed', async () => {
    const repo = new TempRepo()
    thinTree(repo, ['prod.example/a', 'mirror.example/b'], IMAGES)
    const base = repo.commit('base')
    thinTree(repo, ['prod.example/a'], IMAGES)
    repo.commit('drop mirror')
    const { edges, selection } = await scopeOf(repo, base)
    expect(edges.filter((e) => edgeInScope(e, selection))).toEqual([])
    expect(scopeIsEmpty(selection)).toBe(true)
    expect(selection.kind === 'changed' && selection.removed).toEqual([
      { registry: 'mirror.example/b', images: 2, edges: 2, whole: true }
    ])
  })

  it('a renamed destination is both: the new name selects everything, the old one is removed', async () => {
    const repo = new TempRepo()
    thinTree(repo, ['prod.example/a'], IMAGES)
    const base = repo.commit('base')
    thinTree(repo, ['prod.example/renamed'], IMAGES)
    repo.commit('rename')
    const { edges, selection } = await scopeOf(repo, base)
    expect(edges.filter((e) => edgeInScope(e, selection))).toHaveLength(2)
    expect(selection.kind === 'changed' && selection.removed).toEqual([
      { registry: 'prod.example/a', images: 2, edges: 2, whole: true }
    ])
  })

  it('a manifest tree new in the change selects all of it', async () => {
    const repo = new TempRepo()
    repo.write('README.md', 'x\n')
    const base = repo.commit('base')
    thinTree(repo, ['prod.example/a'], IMAGES)
    repo.commit('new tree')
    const { edges, selection } = await scopeOf(repo, base)
    expect(edges.filter((e) => edgeInScope(e, selection))).toHaveLength(2)
  })

  it('a malformed digest added by the change is in scope; one already there is not', async () => {
    const repo = new TempRepo()
    const oldBad = `- name: old\n  dmap:\n    "sha256:0123456789ab": ["v0"]\n`
    thinTree(repo, ['prod.example/a'], IMAGES + oldBad)
    const base = repo.commit('base')
    const newBad = `- name: new\n  dmap:\n    "sha256:abcdefabcdef": ["v1"]\n`
    thinTree(repo, ['prod.example/a'], IMAGES + oldBad + newBad)
    repo.commit('typo')
    const { edges, selection } = await scopeOf(repo, base)
    const picked = edges.filter((e) => edgeInScope(e, selection))
    expect(picked.map((e) => `${e.image}@${e.digest}`)).toEqual(['new@sha256:abcdefabcdef'])
  })

  it('a changed line without a valid digest (a malformed one) is a changed line', async () => {
    const repo = new TempRepo()
    thinTree(repo, ['prod.example/a'], IMAGES)
    const base = repo.commit('base')
    thinTree(repo, ['prod.example/a'], IMAGES + `- name: new\n  dmap:\n    "sha256:abc": []\n`)
    repo.commit('typo')
    const root = join(repo.dir, 'tree')
    const selection = await resolveScope({ kind: 'changed', base }, { manifestRoot: root })
    const set = await loadManifests({ thinManifestDir: root })
    const { edges } = buildEdges(set.manifests)
    expect(edges.filter((e) => edgeInScope(e, selection)).map((e) => e.image)).toEqual(['new'])
  })

  it('a plain manifest in a subdirectory is compared on edges too', async () => {
    const repo = new TempRepo()
    const plain = (destinations: string[]): string =>
      manifestYaml(destinations) + 'images:\n' + IMAGES.replace(/^/gm, '  ').trimEnd() + '\n'
    repo.write('deploy/promo.yaml', plain(['prod.example/a']))
    const base = repo.commit('base')
    repo.write('deploy/promo.yaml', plain(['prod.example/a', 'mirror.example/b']))
    repo.commit('add mirror')
    const set = await loadManifests({ manifest: join(repo.dir, 'deploy/promo.yaml') })
    expect(set.errors).toEqual([])
    const { edges } = buildEdges(set.manifests)
    const selection = await resolveScope(
      { kind: 'changed', base },
      { manifestRoot: set.root, edges: { head: edges, manifestFile: 'promo.yaml' } }
    )
    expect(
      edges.filter((e) => edgeInScope(e, selection)).map((e) => `${e.image}->${e.dstRegistry}`)
    ).toEqual(['foo->mirror.example/b', 'bar->mirror.example/b'])
  })

  it('files other than the manifests, links and unsafe paths in the base are never written', async () => {
    const repo = new TempRepo()
    thinTree(repo, ['prod.example/a'], IMAGES)
    repo.write('tree/images/proj/big.bin', 'x'.repeat(1000))
    repo.git('add', '-A')
    repo.git('commit', '-qm', 'base')
    const base = repo.git('rev-parse', 'HEAD').trim()
    const dir = await writeTreeAt(repo.dir, base, 'tree')
    try {
      expect(readdirSync(dir, { recursive: true }).map(String).sort()).toEqual([
        'images',
        'images/proj',
        'images/proj/images.yaml',
        'manifests',
        'manifests/proj',
        'manifests/proj/promoter-manifest.yaml'
      ])
    } finally {
      await removeTree(dir)
    }
    expect(existsSync(dir)).toBe(false)
  })

  it('one digest listed by two manifests: a pairing neither had is still new', () => {
    const position = (line: number) => ({ file: 'f', line, column: 1 })
    const edge = (
      dst: string,
      tag: string,
      at: { file: string; line: number; column: number }
    ) => ({
      srcRegistry: 's',
      dstRegistry: dst,
      image: 'i',
      digest: A,
      tag,
      position: at
    })
    const one = position(1)
    const two = position(2)
    const base = [edge('a', 'v1', one), edge('b', 'v2', two)]
    const head = [edge('a', 'v1', one), edge('a', 'v2', two), edge('b', 'v2', two)]
    const { added, removed } = diffEdges(head, base)
    expect([...added].map((e) => `${e.dstRegistry}:${e.tag}`)).toEqual(['a:v2'])
    expect(removed).toEqual([])
  })
})
