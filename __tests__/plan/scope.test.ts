import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Edge } from '../../src/manifest/model.js'
import { edgeInScope, resolveScope, scopeIsEmpty } from '../../src/manifest/scope.js'
import { hex, imagesYaml, TempRepo } from './git-repo.js'

const A = hex('a')
const B = hex('b')
const C = hex('c')
const FILE = 'images/proj/images.yaml'

function edgeAt(image: string, digest: string, line: number): Edge {
  return {
    srcRegistry: 's.io/st',
    dstRegistry: 'd.io/pr',
    image,
    digest,
    tag: '',
    position: { file: FILE, line, column: 5 }
  }
}

/** A manifest tree under `tree/` of a repo with two commits; line numbers of head's images.yaml. */
function twoCommits() {
  const repo = new TempRepo()
  repo.write('README.md', 'x\n')
  repo.write(
    `tree/${FILE}`,
    imagesYaml([
      ['foo', [[A, ['v1']]]],
      ['bar', [[A, ['v1']]]]
    ])
  )
  const base = repo.commit('base', '2026-01-01T00:00:00Z')
  // line 3: foo A (tags edited), line 4: foo B (new), line 7: bar A (unchanged), line 8: bar C (new)
  repo.write(
    `tree/${FILE}`,
    imagesYaml([
      [
        'foo',
        [
          [A, ['v1', 'v2']],
          [B, []]
        ]
      ],
      [
        'bar',
        [
          [A, ['v1']],
          [C, ['x']]
        ]
      ]
    ])
  )
  repo.write('other/images.yaml', imagesYaml([['zzz', [[C, []]]]]))
  const head = repo.commit('head', '2026-03-01T00:00:00Z')
  return { repo, base, head, root: join(repo.dir, 'tree') }
}

describe('resolveScope', () => {
  it('all selects every edge', async () => {
    const selection = await resolveScope({ kind: 'all' }, { manifestRoot: '/nonexistent' })
    expect(edgeInScope(edgeAt('foo', A, 3), selection)).toBe(true)
  })

  it('changed selects added or edited digest lines, per image, inside the manifest tree', async () => {
    const { base, root } = twoCommits()
    const selection = await resolveScope({ kind: 'changed', base }, { manifestRoot: root })
    const picked = [
      edgeAt('foo', A, 3),
      edgeAt('foo', B, 4),
      edgeAt('bar', A, 7),
      edgeAt('bar', C, 8)
    ].map((e) => edgeInScope(e, selection))
    expect(picked).toEqual([true, true, false, true])
    expect(selection.kind === 'changed' && [...selection.digests].sort()).toEqual([A, B, C])
  })

  it('an unchanged range is an empty scope', async () => {
    const { head, root } = twoCommits()
    const selection = await resolveScope({ kind: 'changed', base: head }, { manifestRoot: root })
    expect(scopeIsEmpty(selection)).toBe(true)
  })

  it('since takes the commits after a date, and nothing when there are none', async () => {
    const { repo, root } = twoCommits()
    const recent = await resolveScope(
      { kind: 'since', since: '2026-02-01' },
      { manifestRoot: root }
    )
    expect(edgeInScope(edgeAt('foo', B, 4), recent)).toBe(true)
    expect(edgeInScope(edgeAt('bar', A, 7), recent)).toBe(false)
    const future = await resolveScope(
      { kind: 'since', since: '2027-01-01' },
      { manifestRoot: root }
    )
    expect(scopeIsEmpty(future)).toBe(true)
    expect(repo.dir).toBeTruthy()
  })

  it('since whose window starts at the root commit diffs from the root (kpromo fallback)', async () => {
    const { root } = twoCommits()
    const all = await resolveScope({ kind: 'since', since: '2025-01-01' }, { manifestRoot: root })
    expect(edgeInScope(edgeAt('foo', B, 4), all)).toBe(true)
  })

  it('fetches a missing base into a depth-1 clone (actions/checkout default)', async () => {
    const { repo, base } = twoCommits()
    const clone = new TempRepo(join(repo.dir, '..', `${repo.dir.split('/').pop()}-clone`))
    new TempRepo(repo.dir).git('clone', '-q', '--depth=1', `file://${repo.dir}`, clone.dir)
    expect(() => clone.git('cat-file', '-e', `${base}^{commit}`)).toThrow()
    const selection = await resolveScope(
      { kind: 'changed', base },
      { manifestRoot: join(clone.dir, 'tree') }
    )
    expect(edgeInScope(edgeAt('foo', B, 4), selection)).toBe(true)
  })

  it('says which fetch-depth is needed when the base cannot be fetched', async () => {
    const { root } = twoCommits()
    const missing = 'f'.repeat(40)
    await expect(
      resolveScope({ kind: 'changed', base: missing }, { manifestRoot: root })
    ).rejects.toMatchObject({
      code: 'REVISION_MISSING',
      hint: expect.stringContaining('fetch-depth')
    })
  })

  it('since in a shallow clone without the window asks for full history', async () => {
    const { repo } = twoCommits()
    const clone = new TempRepo(`${repo.dir}-shallow`)
    new TempRepo(repo.dir).git('clone', '-q', '--depth=1', `file://${repo.dir}`, clone.dir)
    clone.git('remote', 'remove', 'origin')
    await expect(
      resolveScope(
        { kind: 'since', since: '2025-06-01' },
        { manifestRoot: join(clone.dir, 'tree') }
      )
    ).rejects.toMatchObject({
      code: 'SHALLOW_HISTORY'
    })
  })

  it('a manifest root outside git is a clear error', async () => {
    const outside = new TempRepo('/tmp')
    await expect(
      resolveScope({ kind: 'changed', base: 'HEAD' }, { manifestRoot: outside.dir })
    ).rejects.toMatchObject({
      code: 'NOT_A_GIT_REPOSITORY'
    })
  })

  describe('inputs reach git only as data', () => {
    /** A depth-1 clone whose origin is a local path, so a fetch runs upload-pack right here. */
    function shallowClone() {
      const { repo, base } = twoCommits()
      const clone = new TempRepo(`${repo.dir}-c`)
      new TempRepo(repo.dir).git('clone', '-q', '--depth=1', `file://${repo.dir}`, clone.dir)
      return { clone, base, root: join(clone.dir, 'tree') }
    }
    const refs = (repo: TempRepo): string => repo.git('for-each-ref', '--format=%(refname)')

    it('an option as base runs nothing (--upload-pack)', async () => {
      const { root } = shallowClone()
      const marker = join(mkdtempSync(join(tmpdir(), 'marker-')), 'ran')
      for (const base of [`--upload-pack=touch ${marker}`, `--upload-pack=touch ${marker};`]) {
        await expect(
          resolveScope({ kind: 'changed', base }, { manifestRoot: root })
        ).rejects.toMatchObject({ code: 'INVALID_REVISION' })
      }
      await expect(
        resolveScope(
          { kind: 'changed', base: 'HEAD', head: `--upload-pack=touch ${marker}` },
          { manifestRoot: root }
        )
      ).rejects.toMatchObject({ code: 'INVALID_REVISION' })
      await expect(
        resolveScope(
          { kind: 'changed', base: 'HEAD' },
          { manifestRoot: root, remote: `--upload-pack=touch ${marker}` }
        )
      ).rejects.toMatchObject({ code: 'INVALID_REVISION' })
      expect(existsSync(marker)).toBe(false)
    })

    it('a refspec as base creates no ref in the checkout', async () => {
      const { clone, root } = shallowClone()
      const before = refs(clone)
      for (const base of [
        '+HEAD:refs/heads/x',
        'HEAD:refs/heads/y',
        'refs/heads/main:refs/tags/z'
      ]) {
        await expect(
          resolveScope({ kind: 'changed', base }, { manifestRoot: root })
        ).rejects.toMatchObject({ code: 'INVALID_REVISION' })
      }
      expect(refs(clone)).toBe(before)
    })

    it('a plain name that is missing is never fetched (only full commit ids are)', async () => {
      const { clone, base, root } = shallowClone()
      const before = refs(clone)
      await expect(
        resolveScope({ kind: 'changed', base: 'main' }, { manifestRoot: root })
      ).resolves.toMatchObject({ kind: 'changed' }) // origin/main and main are in the clone
      await expect(
        resolveScope({ kind: 'changed', base: 'feature' }, { manifestRoot: root })
      ).rejects.toMatchObject({ code: 'REVISION_MISSING' })
      await expect(
        resolveScope({ kind: 'changed', base }, { manifestRoot: root })
      ).resolves.toMatchObject({ kind: 'changed', base })
      expect(refs(clone)).toBe(before)
    })

    it('a garbage since is an error, not an empty scope', async () => {
      const { root } = twoCommits()
      for (const since of ['banana', '--all', '14 days; rm -rf /', '2026-13-45', '']) {
        await expect(
          resolveScope({ kind: 'since', since }, { manifestRoot: root })
        ).rejects.toMatchObject({ code: 'INVALID_SINCE' })
      }
      for (const since of [
        '14 days',
        '2 weeks ago',
        '3.months',
        '2026-02-01',
        '2026-02-01T00:00:00Z'
      ])
        await expect(
          resolveScope({ kind: 'since', since }, { manifestRoot: root })
        ).resolves.toMatchObject({ kind: 'changed' })
    })

    it('plain revision forms still work', async () => {
      const { head, root } = twoCommits()
      for (const base of ['HEAD~1', 'HEAD^', 'main^{commit}', head.slice(0, 12)])
        await expect(
          resolveScope({ kind: 'changed', base }, { manifestRoot: root })
        ).resolves.toMatchObject({ kind: 'changed', base })
    })
  })
})
