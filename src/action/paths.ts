// Where the Action reads and writes on the runner. Nothing in the workspace is trusted state: a
// pull request controls every byte of it (symlinks included), so the caches and reports live in
// RUNNER_TEMP, and a path input must stay inside the workspace or RUNNER_TEMP once symlinks are
// followed.
import { mkdtempSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { InputError } from './parse.js'

export interface ActionPaths {
  /** The runner's per-job temporary directory (RUNNER_TEMP), outside the checkout. */
  temp: string
  /** Saved and restored with @actions/cache; holds `inventory` and `tuf`. */
  cacheRoot: string
  inventoryCache: string
  tufCache: string
  /** run-report.json and plan-report.json. */
  reportDir: string
}

/** The Action's paths; without RUNNER_TEMP (not on a runner) a fresh directory under the OS temp. */
export function actionPaths(env: NodeJS.ProcessEnv): ActionPaths {
  const temp = env.RUNNER_TEMP ? resolve(env.RUNNER_TEMP) : mkdtempSync(join(tmpdir(), 'ip-'))
  const cacheRoot = join(temp, 'image-promoter-cache')
  return {
    temp,
    cacheRoot,
    inventoryCache: join(cacheRoot, 'inventory'),
    tufCache: join(cacheRoot, 'tuf'),
    reportDir: join(temp, 'image-promoter')
  }
}

const inside = (root: string, path: string): boolean => {
  const r = relative(root, path)
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r))
}

/** realpath of `path`, or of its longest existing parent joined with the rest. */
function realish(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    const parent = resolve(path, '..')
    return parent === path ? path : join(realish(parent), relative(parent, path))
  }
}

/**
 * A path input resolved against the workspace. It must stay inside the workspace or RUNNER_TEMP
 * (an absolute path is accepted only there), both as written and after following symlinks, so a
 * committed `../..` or a symlink cannot point the run at the runner's other files.
 */
export function confinedPath(name: string, value: string, workspace: string, temp: string): string {
  const path = resolve(workspace, value)
  const roots = [workspace, temp].map((r) => resolve(r))
  const realRoots = roots.map(realish)
  if (!roots.some((r) => inside(r, path)) || !realRoots.some((r) => inside(r, realish(path)))) {
    throw new InputError(
      name,
      `"${value}" resolves to ${realish(path)}, outside the workspace (${workspace}) and RUNNER_TEMP; give a path inside the checkout`
    )
  }
  return path
}
