// The thin-manifest directory layout (kpromo-compat §1.3): manifests/<sub>/promoter-manifest.yaml
// with images/<sub>/images.yaml beside it. Finds the manifests and reports layout mistakes.
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ManifestError, filePosition, type Findings } from './errors.js'

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

/** Manifest files in `manifests/`: exactly one level deep, anything else is an error. */
async function findManifestFiles(root: string, findings: Findings): Promise<string[]> {
  const manifestsDir = join(root, 'manifests')
  const entries = await readdir(manifestsDir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      findings.errors.push(layoutError('manifests', 'other', error.code))
      return []
    }
  )
  const subs: string[] = []
  const withManifest = new Set<string>()
  for (const entry of entries) {
    const relative = join(entry.parentPath, entry.name).slice(manifestsDir.length + 1)
    const parts = relative.split('/')
    if (entry.name === MANIFEST_FILE) {
      if (parts.length === 2 && !entry.isDirectory()) {
        subs.push(parts[0]!)
        withManifest.add(parts[0]!)
      } else
        findings.errors.push(
          new ManifestError(
            'NESTED_MANIFEST',
            `unexpected manifest path "manifests/${relative}"`,
            filePosition(`manifests/${relative}`),
            {
              hint: `manifests must be at manifests/<name>/${MANIFEST_FILE}, one level deep`
            }
          )
        )
    }
  }
  for (const entry of entries) {
    if (entry.isDirectory() && entry.parentPath === manifestsDir && !withManifest.has(entry.name))
      findings.warnings.push(
        new ManifestError(
          'SKIPPED_DIRECTORY',
          `directory has no ${MANIFEST_FILE}; skipped`,
          filePosition(`manifests/${entry.name}`)
        )
      )
  }
  return subs.sort(compareBytes)
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
