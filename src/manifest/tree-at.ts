// A manifest tree as it was at a git revision, written to a fresh temporary directory so the
// ordinary loader (size limits, link checks) reads it. Only regular files are written: links and
// submodules are left out, so a base that used them loads fewer edges and the diff selects more.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { readBlobs, runGit } from './git.js'
import { IMAGES_FILE, MANIFEST_FILE, MAX_WALK_ENTRIES } from './thin-layout.js'
import { MAX_MANIFEST_BYTES } from './yaml-strict.js'

/** A path segment git could hold but a checkout must never write. */
const UNSAFE_SEGMENT = /^(|\.|\.\.|\.git)$/i

/** Only the files a thin-manifest tree is loaded from are written. */
const THIN_FILES = new Set([MANIFEST_FILE, IMAGES_FILE])

/**
 * Write the manifest files under `prefix` (relative to the repository top, '' for all; a blob
 * for a plain manifest) at `revision` into a new temporary directory; returns it. The caller
 * removes it (`removeTree`).
 */
export async function writeTreeAt(top: string, revision: string, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'image-promoter-base-'))
  try {
    await writeInto(dir, top, revision, prefix)
    return dir
  } catch (error) {
    await removeTree(dir)
    throw error
  }
}

async function writeInto(
  dir: string,
  top: string,
  revision: string,
  prefix: string
): Promise<void> {
  const treeish = `${revision}:${prefix}`
  const exists = await runGit(top, ['cat-file', '-t', '--end-of-options', treeish]).then(
    (t) => t.trim(),
    () => undefined
  )
  if (exists === 'blob') {
    const id = (await runGit(top, ['rev-parse', '--verify', '--end-of-options', treeish])).trim()
    await writeBlobs(top, dir, [{ id, path: prefix.split('/').pop()! }])
    return
  }
  if (exists !== 'tree') return // not in that revision: an empty tree
  const listing = await runGit(top, ['ls-tree', '-r', '-l', '-z', '--end-of-options', treeish])
  const files: Array<{ id: string; path: string }> = []
  for (const entry of listing.split('\0')) {
    const tab = entry.indexOf('\t')
    if (tab < 0) continue
    const [mode, type, id, size] = entry.slice(0, tab).split(/\s+/)
    const path = entry.slice(tab + 1)
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) continue
    if (Number(size) > MAX_MANIFEST_BYTES) continue
    const segments = path.split('/')
    if (!THIN_FILES.has(segments.at(-1)!)) continue
    if (segments.some((s) => UNSAFE_SEGMENT.test(s) || s.includes('\\'))) continue
    files.push({ id: id!, path })
    if (files.length >= MAX_WALK_ENTRIES) break // the loader stops there too
  }
  await writeBlobs(top, dir, files)
}

async function writeBlobs(
  top: string,
  dir: string,
  files: ReadonlyArray<{ id: string; path: string }>
): Promise<void> {
  const blobs = await readBlobs(top, [...new Set(files.map((f) => f.id))])
  for (const { id, path } of files) {
    const data = blobs.get(id)
    if (data === undefined) continue
    const target = join(dir, path)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, data, { flag: 'wx' })
  }
}

export const removeTree = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true })
