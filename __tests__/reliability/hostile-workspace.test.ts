// Hostile workspace (issue #12): nothing in the checkout is trusted state, and inputs reach git
// only as data. Every case is an attack a pull request (or an input derived from an event) can
// make; an "escape" is any effect beyond an error: a command run, a ref created or moved, a file
// written outside the run's own directory, a forged cache entry believed, a path outside the
// workspace accepted, or garbage taken as an empty scope. The figures go to docs/reliability.md.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readSettings } from '../../src/action/inputs.js'
import { main } from '../../src/cli/main.js'
import { resolveScope } from '../../src/manifest/scope.js'
import { writeReportFile } from '../../src/report/write-file.js'
import { runPromotion } from '../../src/pipeline/run.js'
import { CACHE_FORMAT_VERSION, InventoryCache, MAX_CACHE_FILE_BYTES } from '../../src/plan/cache.js'

/** The cache's versioned directory (v2: compact files). */
const VDIR = `v${CACHE_FORMAT_VERSION}`
import { startRegistry, type TestRegistry } from '../harness/registry.js'
import { buildScene, type Scene } from '../pipeline/fixture.js'
import { TempRepo, hex, imagesYaml } from '../plan/git-repo.js'
import { recordResult, since } from './results.js'

const scratch = mkdtempSync(join(tmpdir(), 'hostile-workspace-'))
const marker = join(scratch, 'marker')
const tally = new Map<string, { cases: number; escapes: number; examples: string[] }>()
let registry: TestRegistry

function count(kind: string, what: string, escaped: boolean): void {
  const t = tally.get(kind) ?? { cases: 0, escapes: 0, examples: [] }
  t.cases++
  if (escaped) {
    t.escapes++
    if (t.examples.length < 5) t.examples.push(what)
  }
  tally.set(kind, t)
}

beforeAll(async () => {
  registry = await startRegistry()
})
afterAll(async () => {
  await registry?.stop()
  const total = [...tally.values()].reduce(
    (s, t) => ({ cases: s.cases + t.cases, escapes: s.escapes + t.escapes }),
    { cases: 0, escapes: 0 }
  )
  recordResult('hostile-workspace', { ...total, byKind: Object.fromEntries(tally) })
  rmSync(scratch, { recursive: true, force: true })
})

/** Everything an attacker may try to make git read as an option, refspec, range or command. */
const HOSTILE_REVISIONS = [
  `--upload-pack=touch ${marker}`,
  `--upload-pack=touch ${marker};`,
  `--receive-pack=touch ${marker}`,
  `--exec=touch ${marker}`,
  `-c core.sshCommand=touch ${marker}`,
  `--output=${marker}`,
  `--config=core.fsmonitor=touch ${marker}`,
  '--all',
  '-p',
  '+HEAD:refs/heads/x',
  'HEAD:refs/heads/x',
  '+refs/heads/*:refs/heads/copy/*',
  'refs/heads/main:refs/tags/t',
  ':refs/heads/main',
  '^HEAD',
  'HEAD..HEAD',
  'HEAD...HEAD',
  'HEAD@{-1}',
  'HEAD:tree',
  `$(touch ${marker})`,
  `\`touch ${marker}\``,
  `HEAD; touch ${marker}`,
  `HEAD && touch ${marker}`,
  'HEAD\n--upload-pack=x',
  'HEAD ',
  ' HEAD',
  'HEAD\u0000x',
  'main.lock',
  '/etc/passwd',
  '../../..',
  `file://${marker}`,
  `ext::sh -c touch% ${marker}`,
  'h'.repeat(300),
  '',
  'ДОМ'
]

const HOSTILE_SINCE = [
  'banana',
  'now',
  '',
  '--all',
  `--upload-pack=touch ${marker}`,
  '14 days; touch x',
  '14 days\n--all',
  '2026-13-45',
  '2026-02-30T99:00',
  'tomorrow',
  '1e9 days',
  '-1 days',
  '14',
  '@0',
  'last friday'
]

describe('a hostile workspace', () => {
  it('git: options, refspecs, ranges and commands in base, head, since and remote run nothing and create no ref', async () => {
    const started = performance.now()
    const origin = new TempRepo()
    origin.write('README.md', 'x\n')
    origin.write('tree/images/p/images.yaml', imagesYaml([['foo', [[hex('a'), ['v1']]]]]))
    const base = origin.commit('base', '2026-01-01T00:00:00Z')
    origin.write('tree/images/p/images.yaml', imagesYaml([['foo', [[hex('b'), ['v2']]]]]))
    origin.commit('head', '2026-03-01T00:00:00Z')
    const clone = new TempRepo(`${origin.dir}-clone`)
    origin.git('clone', '-q', '--depth=1', `file://${origin.dir}`, clone.dir)
    const root = join(clone.dir, 'tree')
    const state = (): string =>
      [
        clone.git('for-each-ref', '--format=%(refname) %(objectname)'),
        existsSync(join(clone.dir, '.git/FETCH_HEAD')) ? 'fetch-head' : ''
      ].join('|')
    const before = state()
    const attempt = async (kind: string, what: string, run: () => Promise<unknown>) => {
      let accepted = false
      let code: string | undefined
      try {
        await run()
        accepted = true
      } catch (error) {
        code = (error as { code?: string }).code
      }
      const ran = existsSync(marker)
      const refsMoved = state() !== before
      const expected = kind === 'since' ? 'INVALID_SINCE' : 'INVALID_REVISION'
      count(`git-${kind}`, JSON.stringify(what), ran || refsMoved || accepted || code !== expected)
      if (ran) rmSync(marker)
    }
    for (const value of HOSTILE_REVISIONS) {
      await attempt('base', value, () =>
        resolveScope({ kind: 'changed', base: value }, { manifestRoot: root })
      )
      await attempt('head', value, () =>
        resolveScope({ kind: 'changed', base, head: value }, { manifestRoot: root })
      )
      await attempt('remote', value, () =>
        resolveScope({ kind: 'changed', base }, { manifestRoot: root, remote: value })
      )
    }
    for (const value of HOSTILE_SINCE)
      await attempt('since', value, () =>
        resolveScope({ kind: 'since', since: value }, { manifestRoot: root })
      )
    // The same through the CLI: an error exit, nothing run, no ref.
    clone.write(
      'tree/manifests/p/promoter-manifest.yaml',
      'registries:\n- name: 127.0.0.1:1/staging\n  src: true\n- name: 127.0.0.1:1/prod\n'
    )
    for (const value of HOSTILE_REVISIONS.slice(0, 12)) {
      let stderr = ''
      const code = await main(
        ['plan', '--thin-manifest-dir', 'tree', '--scope', 'changed', `--base=${value}`],
        { stdout: (t) => (stderr += t), stderr: (t) => (stderr += t), cwd: clone.dir, env: {} }
      )
      const ran = existsSync(marker)
      count(
        'git-cli-base',
        JSON.stringify(value),
        ran || state() !== before || code === 0 || !/not a git revision/.test(stderr)
      )
      if (ran) rmSync(marker)
    }
    const elapsedMs = since(started)
    const figures = [...tally].filter(([k]) => k.startsWith('git-'))
    process.stderr.write(`[hostile-workspace] git cases in ${elapsedMs} ms\n`)
    for (const [kind, t] of figures) expect({ kind, ...t }).toMatchObject({ kind, escapes: 0 })
  })

  it('cache: forged, malformed, oversized and symlinked inventory files never mark an edge done', async () => {
    const dests = [`${registry.host}/forged-1`, `${registry.host}/forged-2`]
    const scene = await buildScene(registry, dests, 'hostile-workspace')
    const now = Date.now()
    // What a pull request would commit: per destination repository, each forged variant.
    const plant = (
      name: string,
      entry: (repository: string, digest: string, tags: readonly string[]) => string | object
    ) => {
      const dir = join(scratch, 'caches', name)
      const truth = new InventoryCache(dir, { now: () => now })
      // fileName is private: let the cache lay files out, then overwrite each with the forgery.
      for (const r of repositories(scene, dests)) truth.recordDigest(r.repository, r.digest, true)
      return truth.save().then(() => {
        for (const r of repositories(scene, dests)) {
          const file = findFile(dir, r.repository)
          const body = entry(r.repository, r.digest, r.tags)
          writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body))
        }
        return dir
      })
    }
    const future =
      (at: number) => (repository: string, digest: string, tags: readonly string[]) => ({
        version: CACHE_FORMAT_VERSION,
        repository,
        fetchedAt: at,
        times: [at],
        digests: [digest],
        tags: tags.flatMap((t) => [t, 0, 0]),
        seen: [0, 0]
      })
    const dirs: [string, string][] = []
    for (const [name, at] of [
      ['future-1min', now + 60_000],
      ['future-1day', now + 86_400_000],
      ['future-10y', now + 10 * 365 * 86_400_000],
      ['max-safe-integer', Number.MAX_SAFE_INTEGER],
      ['1e308', 1e308],
      ['ancient', 1]
    ] as const)
      dirs.push([name, await plant(name, future(at))])
    dirs.push([
      'string-times',
      await plant('string-times', (repository, digest, tags) => ({
        version: CACHE_FORMAT_VERSION,
        repository,
        fetchedAt: 'now',
        times: [String(now)],
        digests: [digest],
        tags: tags.flatMap((t) => [t, 0, 0]),
        seen: [0, 0]
      }))
    ])
    dirs.push([
      'proto-keys',
      await plant(
        'proto-keys',
        (repository, digest) =>
          `{"version":${CACHE_FORMAT_VERSION},"repository":${JSON.stringify(repository)},"times":[${now + 1e9}],"digests":["${digest}"],"tags":["__proto__",0,0,"constructor",0,0],"seen":[0,0],"__proto__":{"answers":true}}`
      )
    ])
    dirs.push([
      'oversized',
      await plant(
        'oversized',
        (repository, digest, tags) =>
          JSON.stringify(future(now + 1e9)(repository, digest, tags)) +
          ' '.repeat(MAX_CACHE_FILE_BYTES)
      )
    ])
    // Symlinks: the cache root, its versioned directory, and each file pointing at a future forgery.
    const forgedRoot = dirs.find(([n]) => n === 'future-10y')![1]
    const linkRoot = join(scratch, 'caches', 'link-root')
    symlinkSync(forgedRoot, linkRoot)
    dirs.push(['symlinked-root', linkRoot])
    const linkV1 = join(scratch, 'caches', 'link-v1')
    mkdirSync(linkV1)
    symlinkSync(join(forgedRoot, VDIR), join(linkV1, VDIR))
    dirs.push(['symlinked-v1', linkV1])
    const linkFiles = join(scratch, 'caches', 'link-files')
    mkdirSync(join(linkFiles, VDIR), { recursive: true })
    for (const f of readdirSync(join(forgedRoot, VDIR)))
      symlinkSync(join(forgedRoot, VDIR, f), join(linkFiles, VDIR, f))
    dirs.push(['symlinked-files', linkFiles])

    for (const [name, cacheDir] of dirs) {
      const { plan } = await runPromotion(
        {
          thinManifestDir: scene.manifestDir,
          cacheDir,
          readOnly: true,
          tolerate: ['lost', 'conflict'],
          trust: { provenance: { mode: 'off' }, sign: false }
        },
        scene.dir
      )
      // Nothing is in forged-*: every `done` is a forged entry believed.
      for (const e of plan!.edges)
        count('cache-read-only-plan', `${name}: ${e.destination}:${e.edge.tag}`, e.state === 'done')
    }
    // A young, well-formed, false cache: a run that writes must not believe it.
    const young = await plant('young', future(now - 1000))
    const { plan, report } = await runPromotion(
      {
        thinManifestDir: scene.manifestDir,
        cacheDir: young,
        confirm: true,
        tolerate: ['lost', 'conflict'],
        trust: { provenance: { mode: 'off' }, sign: false }
      },
      scene.dir
    )
    for (const e of plan!.edges)
      count('cache-writing-run', `young: ${e.destination}:${e.edge.tag}`, e.fromCache === true)
    expect(report.counts.promoted).toBe(7)
    for (const kind of ['cache-read-only-plan', 'cache-writing-run'])
      expect({ kind, ...tally.get(kind)! }).toMatchObject({ kind, escapes: 0 })
  })

  it('symlinks: a planted link at any cache or report path is never written through', async () => {
    const kinds = ['root', VDIR, 'file', 'temporary', 'dangling-root']
    for (const kind of kinds) {
      const target = mkdtempSync(join(scratch, 'target-'))
      const base = mkdtempSync(join(scratch, 'cache-'))
      const root = join(base, 'cache')
      const repository = `${registry.host}/linked/app`
      // learn the file name the cache uses for this repository
      const probe = new InventoryCache(join(base, 'probe'), { now: () => 1 })
      probe.recordDigest(repository, hex('a'), true)
      await probe.save()
      const file = readdirSync(join(base, 'probe', VDIR))[0]!
      if (kind === 'root') symlinkSync(target, root)
      if (kind === 'dangling-root') symlinkSync(join(target, 'missing'), root)
      if (kind === VDIR) {
        mkdirSync(root)
        symlinkSync(target, join(root, VDIR))
      }
      if (kind === 'file' || kind === 'temporary') {
        mkdirSync(join(root, VDIR), { recursive: true })
        const name = kind === 'file' ? file : `${file}.${process.pid}.tmp`
        writeFileSync(join(target, 'victim'), 'untouched')
        symlinkSync(join(target, 'victim'), join(root, VDIR, name))
      }
      const before = snapshot(target)
      const cache = new InventoryCache(root, { now: () => Date.now() })
      cache.recordTag(repository, 'v1', hex('b'))
      let threw = false
      try {
        await cache.save()
      } catch {
        threw = true
      }
      count('symlinked-write', kind, threw || snapshot(target) !== before)
    }
    // Report files named by a relative path in the checkout (`--report report.json`).
    for (const kind of ['file', 'dangling', 'directory', 'nested-directory', 'fifo']) {
      const target = mkdtempSync(join(scratch, 'report-target-'))
      writeFileSync(join(target, 'victim'), 'untouched')
      const cwd = mkdtempSync(join(scratch, 'report-cwd-'))
      let path = 'report.json'
      if (kind === 'file') symlinkSync(join(target, 'victim'), join(cwd, path))
      if (kind === 'dangling') symlinkSync(join(target, 'new-file'), join(cwd, path))
      if (kind === 'directory') {
        symlinkSync(target, join(cwd, 'out'))
        path = 'out/victim'
      }
      if (kind === 'nested-directory') {
        mkdirSync(join(cwd, 'a'))
        symlinkSync(target, join(cwd, 'a', 'b'))
        path = 'a/b/victim'
      }
      if (kind === 'fifo') execFileSync('mkfifo', [join(cwd, path)])
      const before = snapshot(target)
      let threw = false
      try {
        writeReportFile(cwd, path, '{"planted":true}')
      } catch {
        threw = true
      }
      count('symlinked-report', kind, !threw || snapshot(target) !== before)
    }
    for (const kind of ['symlinked-write', 'symlinked-report'])
      expect({ kind, ...tally.get(kind)! }).toMatchObject({ kind, escapes: 0 })
  })

  it('path inputs: ../, absolute paths and committed symlinks out of the workspace are input errors', () => {
    const saved = { ...process.env }
    const workspace = mkdtempSync(join(scratch, 'ws-'))
    const temp = mkdtempSync(join(scratch, 'rt-'))
    const outside = mkdtempSync(join(scratch, 'outside-'))
    writeFileSync(join(outside, 'ignores.yaml'), 'ignores: []\n')
    mkdirSync(join(workspace, 'k8s.io'))
    symlinkSync(outside, join(workspace, 'to-outside'))
    symlinkSync(join(outside, 'ignores.yaml'), join(workspace, 'ignores-link.yaml'))
    symlinkSync(join(workspace, 'to-outside'), join(workspace, 'chain'))
    const defaults = parse(readFileSync(join(process.cwd(), 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>
    }
    const hostile = [
      '../..',
      '..',
      '/',
      '/etc',
      outside,
      join(outside, 'ignores.yaml'),
      'k8s.io/../../x',
      'to-outside',
      'to-outside/ignores.yaml',
      'ignores-link.yaml',
      'chain',
      'chain/ignores.yaml',
      `${workspace}/../${workspace.split('/').pop()}-other`
    ]
    try {
      for (const name of ['thin-manifest-dir', 'manifest', 'vuln-ignore-file']) {
        for (const value of hostile) {
          process.env = { ...saved, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp }
          for (const [input, spec] of Object.entries(defaults.inputs))
            if (spec.default !== undefined && !String(spec.default).includes('${{'))
              process.env[`INPUT_${input.toUpperCase()}`] = String(spec.default)
          if (name !== 'manifest') process.env['INPUT_THIN-MANIFEST-DIR'] = 'k8s.io'
          process.env[`INPUT_${name.toUpperCase()}`] = value
          let accepted = true
          try {
            readSettings()
          } catch (error) {
            accepted = !new RegExp(`input ${name}: .*outside the workspace`).test(
              (error as Error).message
            )
          }
          count('path-input', `${name}=${value}`, accepted)
        }
      }
    } finally {
      process.env = saved
    }
    expect({ ...tally.get('path-input')! }).toMatchObject({ escapes: 0 })
  })
})

function repositories(scene: Scene, dests: string[]) {
  const { app, base, tool } = scene.digests
  const out: { repository: string; digest: string; tags: readonly string[] }[] = []
  for (const dest of dests)
    for (const [image, digest, tags] of [
      ['app', app, ['1.0', 'latest']],
      ['base', base, ['v1']],
      ['tool', tool, []]
    ] as const)
      out.push({ repository: `${dest}/${image}`, digest, tags })
  return out
}

/** The cache file holding `repository` (the one whose JSON names it). */
function findFile(dir: string, repository: string): string {
  for (const f of readdirSync(join(dir, VDIR))) {
    const path = join(dir, VDIR, f)
    if (readFileSync(path, 'utf8').includes(JSON.stringify(repository))) return path
  }
  throw new Error(`no cache file for ${repository}`)
}

/** Names, sizes and contents of everything under `dir` (to see any write). */
function snapshot(dir: string): string {
  const out: string[] = []
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f)
      const s = statSync(p, { throwIfNoEntry: false })
      if (s?.isDirectory()) walk(p)
      else out.push(`${p}:${s?.size}:${s ? readFileSync(p, 'utf8') : ''}`)
    }
  }
  walk(dir)
  return out.join('\n')
}
