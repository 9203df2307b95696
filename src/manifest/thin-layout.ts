// The thin-manifest directory layout (kpromo-compat §1.3): manifests/<sub>/promoter-manifest.yaml
// with images/<sub>/images.yaml beside it. Finds the manifests and reports layout mistakes.
import { opendir, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ManifestError, filePosition, type Findings } from './errors.js'
import { isInside, linkOutsideRoot } from './read-file.js'

export const MANIFEST_FILE = 'promoter-manifest.yaml'
export const IMAGES_FILE = 'images.yaml'

/** Paths of one thin manifest, relative to the thin-manifest directory. */
export function thinPaths(sub: string): { manifestFile: string; imagesFile: string } {
  return {
    manifestFile: `manifests/${sub}/${MANIFEST_FILE}`,
    imagesFile: `images/${sub}/${IMAGES_FILE}`
  }
}

/** The `<sub>` names of loadable manifests, in lexical order (kpromo's walk order). */
export async function discoverThinManifests(root: string, findings: Findings): Promise<string[]> {
  const rootKind = await kindOf(root)
  if (rootKind !== 'directory') {
    findings.errors.push(layoutError('.', rootKind))
    return []
  }
  const kinds = await Promise.all(['images', 'manifests'].map((d) => kindOf(join(root, d))))
  if (kinds[0] !== 'directory' || kinds[1] !== 'directory') {
    ;['images', 'manifests'].forEach((dir, i) => {
      if (kinds[i] !== 'directory') findings.errors.push(layoutError(dir, kinds[i]!))
    })
    return []
  }
  // A linked images/ or manifests/ may only lead to another directory inside the root.
  const realRoot = await realpath(root)
  const outside = []
  for (const dir of ['images', 'manifests']) {
    if (!isInside(realRoot, await realpath(join(root, dir)))) outside.push(dir)
  }
  if (outside.length > 0) {
    for (const dir of outside) findings.errors.push(linkOutsideRoot(dir))
    return []
  }
  const found = await findManifestFiles(root, findings)
  const subs: string[] = []
  for (const sub of found) {
    const { manifestFile, imagesFile } = thinPaths(sub)
    const imagesKind = await kindOf(join(root, imagesFile))
    if (imagesKind === 'file') subs.push(sub)
    else
      findings.errors.push(
        new ManifestError(
          'MISSING_IMAGES_FILE',
          `corresponding file "${imagesFile}" ${imagesKind === 'missing' ? 'does not exist' : 'is not a regular file'}`,
          filePosition(manifestFile),
          { hint: `create ${imagesFile} (an empty file means no images)` }
        )
      )
  }
  if (found.length === 0)
    findings.errors.push(
      new ManifestError(
        'NO_MANIFESTS',
        `no manifests found in dir: ${root}`,
        filePosition('manifests'),
        {
          hint: `add manifests/<name>/${MANIFEST_FILE} with its images/<name>/${IMAGES_FILE}`
        }
      )
    )
  return subs
}

/** Most entries looked at under manifests/ (registry.k8s.io has a few hundred). */
export const MAX_WALK_ENTRIES = 100_000
/** Deepest directory looked into under manifests/ (manifests are one level deep). */
export const MAX_WALK_DEPTH = 16

/**
 * Manifest files in `manifests/`: exactly one level deep, anything else is an error. Symbolic
 * links are not followed (as kpromo's filepath.Walk), so a link to / is not walked; a linked
 * promoter-manifest.yaml is listed, and readManifestText keeps it inside the root. The walk is
 * bounded (MAX_WALK_ENTRIES, MAX_WALK_DEPTH) and reads directories as streams.
 */
async function findManifestFiles(root: string, findings: Findings): Promise<string[]> {
  const manifestsDir = join(root, 'manifests')
  const subs: string[] = []
  const withManifest = new Set<string>()
  const topDirectories: string[] = []
  const pending = [{ relative: '', depth: 0 }]
  let seen = 0
  walk: while (pending.length > 0) {
    const { relative, depth } = pending.pop()!
    let dir
    try {
      dir = await opendir(join(manifestsDir, relative))
    } catch (error) {
      const where = relative === '' ? 'manifests' : `manifests/${relative}`
      findings.errors.push(layoutError(where, 'other', (error as NodeJS.ErrnoException).code))
      continue
    }
    for await (const entry of dir) {
      if (++seen > MAX_WALK_ENTRIES) {
        findings.errors.push(walkLimit(`more than ${MAX_WALK_ENTRIES} entries`, 'manifests'))
        await dir.close().catch(() => undefined)
        break walk
      }
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.name === MANIFEST_FILE && !entry.isDirectory()) {
        if (depth === 1) {
          subs.push(relative)
          withManifest.add(relative)
        } else findings.errors.push(nestedManifest(path))
      } else if (entry.isDirectory()) {
        if (entry.name === MANIFEST_FILE) findings.errors.push(nestedManifest(path))
        if (depth === 0) topDirectories.push(entry.name)
        if (depth + 1 >= MAX_WALK_DEPTH)
          findings.errors.push(
            walkLimit(`directories nested more than ${MAX_WALK_DEPTH} levels`, `manifests/${path}`)
          )
        else pending.push({ relative: path, depth: depth + 1 })
      } else if (entry.isSymbolicLink()) {
        findings.warnings.push(
          new ManifestError(
            'SKIPPED_LINK',
            'symbolic link not followed; skipped',
            filePosition(`manifests/${path}`),
            { hint: 'put the directory itself here, not a link to it' }
          )
        )
      }
    }
  }
  for (const name of topDirectories) {
    if (!withManifest.has(name))
      findings.warnings.push(
        new ManifestError(
          'SKIPPED_DIRECTORY',
          `directory has no ${MANIFEST_FILE}; skipped`,
          filePosition(`manifests/${name}`)
        )
      )
  }
  return subs.sort(compareBytes)
}

function nestedManifest(relative: string): ManifestError {
  return new ManifestError(
    'NESTED_MANIFEST',
    `unexpected manifest path "manifests/${relative}"`,
    filePosition(`manifests/${relative}`),
    { hint: `manifests must be at manifests/<name>/${MANIFEST_FILE}, one level deep` }
  )
}

function walkLimit(what: string, where: string): ManifestError {
  return new ManifestError(
    'WALK_LIMIT',
    `the manifests directory has ${what}; stopped looking`,
    filePosition(where),
    { hint: `keep manifests at manifests/<name>/${MANIFEST_FILE}, nothing deeper` }
  )
}

type Kind = 'file' | 'directory' | 'other' | 'missing'

async function kindOf(path: string): Promise<Kind> {
  try {
    const info = await stat(path)
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other'
  } catch {
    return 'missing'
  }
}

function layoutError(dir: string, kind: Kind, code?: string): ManifestError {
  const what = code
    ? `cannot be read (${code})`
    : kind === 'missing'
      ? 'does not exist'
      : 'is not a directory'
  const where =
    dir === '.' ? 'the thin-manifest directory' : `"${dir}" in the thin-manifest directory`
  return new ManifestError('LAYOUT', `${where} ${what}`, filePosition(dir), {
    hint: `a thin-manifest directory holds manifests/<name>/${MANIFEST_FILE} and images/<name>/${IMAGES_FILE}`
  })
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
