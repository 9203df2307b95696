// `image-promoter pr`: propose a promotion from a staging build. Adds the staging repository's
// tags (or the given tags, or one digest) to the image's images.yaml in kpromo's layout, validates
// the whole tree, and with --branch commits the change on a new branch. Refusals (a tag that would
// move, a tree the validator rejects) change nothing and exit 1.
import { resolve } from 'node:path'
import { errorMessage, PromoterError } from '../../errors.js'
import { runGit } from '../../manifest/git.js'
import { validateRevision } from '../../manifest/git-input.js'
import { flagHelp } from '../../options/render.js'
import { proposePromotion, type Proposal } from '../../pipeline/propose.js'
import { parseFlags, UsageError } from '../flag-values.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { openReadOnlyStores } from '../read-only-stores.js'

const USAGE = `usage: image-promoter pr --thin-manifest-dir DIR --image NAME --source REGISTRY [--tags T1,T2 | --digest D] [--branch B]

Adds the staging tags of SOURCE/NAME (every tag but latest unless --tags names them) to the image's
images.yaml (kpromo's layout, sorted, comments kept), validates the whole tree, and with --branch
commits the change on a new branch. A tag that would move, or a tree validate rejects, is refused.
${flagHelp('pr')}

Exit status: 0 proposed (or already there), 1 refused, 2 usage.`

function summary(p: Proposal): string {
  const lines = [...p.added].map(([digest, tags]) => `  ${digest} ${tags.join(', ') || '(no tag)'}`)
  return `${p.changed ? 'proposed' : 'already in'} ${p.file}:\n${lines.join('\n')}\n`
}

async function commit(root: string, branch: string, p: Proposal, image: string): Promise<void> {
  validateRevision('branch', branch)
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
}

async function run(args: string[], io: CliIo): Promise<number> {
  let v
  try {
    v = parseFlags('pr', args, io).values
    if (!v['thin-manifest-dir'] || !v.image || !v.source)
      throw new UsageError('give --thin-manifest-dir DIR, --image NAME and --source REGISTRY')
    if (v.tags.length > 0 && v.digest) throw new UsageError('give --tags or --digest, not both')
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
    if (v.branch && proposal.changed) await commit(root, v.branch, proposal, v.image)
    return EXIT.ok
  } catch (error) {
    if (!(error instanceof PromoterError)) throw error
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
