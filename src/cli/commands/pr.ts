// `image-promoter pr`: propose a promotion from a staging build. Adds the staging repository's
// tags (or the given tags, or one digest) to the image's images.yaml in kpromo's layout, validates
// the whole tree, and with --branch commits the change on a new branch. Refusals (a tag that would
// move, a tree the validator rejects) change nothing and exit 1.
import { resolve } from 'node:path'
import { errorMessage } from '../../errors.js'
import { runGit } from '../../manifest/git.js'
import { validateRevision } from '../../manifest/git-input.js'
import { redactDeep } from '../../oci/registry/index.js'
import { flagHelp } from '../../options/render.js'
import { runPromotion } from '../../pipeline/run.js'
import { renderMarkdown } from '../../report/markdown.js'
import { proposePromotion, type Proposal } from '../../pipeline/propose.js'
import { parseFlags, UsageError } from '../flag-values.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { openPullRequest } from '../github-pulls.js'
import { openReadOnlyStores } from '../read-only-stores.js'
import { registryOptionsFromEnv } from '../registry-env.js'

const USAGE = `usage: image-promoter pr --thin-manifest-dir DIR --image NAME --source REGISTRY [--tags T1,T2 | --digest D] [--branch B [--push | --open]]

Adds the staging tags of SOURCE/NAME (every tag but latest unless --tags names them) to the image's
images.yaml (kpromo's layout, sorted, comments kept), validates the whole tree, and with --branch
commits the change on a new branch; --push pushes it to origin, --open also opens the pull request
(GITHUB_TOKEN, GITHUB_API_URL) with the plan of the change as its body. A tag that would move, or a
tree validate rejects, is refused.
${flagHelp('pr')}

Exit status: 0 proposed (or already there), 1 refused, 2 usage.`

function summary(p: Proposal): string {
  const lines = [...p.added].map(([digest, tags]) => `  ${digest} ${tags.join(', ') || '(no tag)'}`)
  return `${p.changed ? 'proposed' : 'already in'} ${p.file}:\n${lines.join('\n')}\n`
}

/** Commit on a new branch; returns the branch and commit it started from. */
async function commit(
  root: string,
  branch: string,
  p: Proposal,
  image: string
): Promise<{ base: string; baseCommit: string }> {
  validateRevision('branch', branch)
  const base = (await runGit(root, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()
  const baseCommit = (await runGit(root, ['rev-parse', 'HEAD'])).trim()
  const tags = [...new Set([...p.added.values()].flat())].sort()
  await runGit(root, ['checkout', '-q', '-b', branch])
  await runGit(root, ['add', '--', p.file])
  await runGit(root, [
    'commit',
    '-q',
    '-m',
    `Promote ${image}${tags.length ? ` ${tags.join(', ')}` : ''}`,
    '--',
    p.file
  ])
  return { base, baseCommit }
}

/** The pull request's body: the plan of exactly this change (the commit's diff scope). */
async function planBody(root: string, baseCommit: string, io: CliIo): Promise<string> {
  const { report } = await runPromotion(
    {
      thinManifestDir: root,
      scope: { kind: 'changed', base: baseCommit },
      planOnly: true,
      registry: registryOptionsFromEnv(io, {})
    },
    root
  )
  return renderMarkdown(redactDeep(report), { budget: 60_000 })
}

async function run(args: string[], io: CliIo): Promise<number> {
  let v
  try {
    v = parseFlags('pr', args, io).values
    if (!v['thin-manifest-dir'] || !v.image || !v.source)
      throw new UsageError('give --thin-manifest-dir DIR, --image NAME and --source REGISTRY')
    if (v.tags.length > 0 && v.digest) throw new UsageError('give --tags or --digest, not both')
    if ((v.push || v.open) && !v.branch) throw new UsageError('--push and --open need --branch B')
    if (v.open && !(v.repo ?? io.env.GITHUB_REPOSITORY))
      throw new UsageError('--open needs --repo OWNER/NAME (or GITHUB_REPOSITORY)')
  } catch (error) {
    io.stderr(`image-promoter pr: ${errorMessage(error)}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const root = resolve(io.cwd, v['thin-manifest-dir'])
  const stores = openReadOnlyStores(io, root)
  try {
    const proposal = await proposePromotion({
      root,
      image: v.image,
      source: v.source,
      tags: v.tags.length > 0 ? v.tags : undefined,
      digest: v.digest,
      resolveStore: (name) => stores.resolve(name)
    })
    io.stdout(summary(proposal))
    if (!v.branch || !proposal.changed) return EXIT.ok
    const { base, baseCommit } = await commit(root, v.branch, proposal, v.image)
    if (!v.push && !v.open) return EXIT.ok
    await runGit(root, ['push', '--quiet', '--end-of-options', 'origin', `refs/heads/${v.branch}`])
    if (!v.open) return EXIT.ok
    const url = await openPullRequest(io.env, {
      repo: v.repo ?? io.env.GITHUB_REPOSITORY ?? '',
      title: (await runGit(root, ['log', '-1', '--format=%s'])).trim(),
      head: v.branch,
      base,
      body: await planBody(root, baseCommit, io)
    })
    io.stdout(`opened ${url}\n`)
    return EXIT.ok
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`image-promoter pr: ${errorMessage(error)}\n`)
      return EXIT.usage
    }
    io.stderr(`image-promoter pr: ${errorMessage(error)}\n`)
    return EXIT.failed
  } finally {
    await stores.close()
  }
}

export const prCommand: CliCommand = {
  name: 'pr',
  summary: 'propose a promotion: add staging tags to images.yaml, validate, commit on a branch',
  usage: USAGE,
  run
}
