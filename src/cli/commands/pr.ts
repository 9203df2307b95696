// `image-promoter pr`: kpromo's `pr` for any repository. Reads the staging repository's tags, adds
// the digests and tags to the image's images.yaml (kpromo's format and order, comments kept),
// validates the whole tree with that text in place, commits on a new branch, and with --push /
// --open pushes it and opens the pull request, whose body is the plan of exactly that change.
// Every check runs before the first write: a refusal leaves the tree and the clone as they were.
// This adapter reads the environment (GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY); src/pr
// never does.
import { resolve } from 'node:path'
import { errorMessage } from '../../errors.js'
import { isDigest } from '../../oci/digest.js'
import { isTag, joinRepository } from '../../oci/ref.js'
import { knownSecrets } from '../../oci/registry/index.js'
import { flagHelp } from '../../options/render.js'
import type { OptionValues } from '../../options/table.js'
import { runPromotion } from '../../pipeline/run.js'
import { createRunStores } from '../../pipeline/stores.js'
import { mapRegistry, parseRegistryMap } from '../../plan/index.js'
import { PLAN_BUDGET_BYTES, prBody, prTitle } from '../../pr/body.js'
import { PrError } from '../../pr/errors.js'
import {
  checkClone,
  checkRemoteBranch,
  commitOnBranch,
  defaultBranch,
  githubRepositoryOf,
  pushBranch,
  validateBranch
} from '../../pr/git-branch.js'
import { openPullRequest } from '../../pr/github.js'
import { growImages } from '../../pr/grow.js'
import { readStaging } from '../../pr/staging.js'
import { renderMarkdown } from '../../report/markdown.js'
import { renderPlanText } from '../../report/plan-text.js'
import { parseFlags } from '../flag-values.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { registryOptionsFromFlags } from '../registry-flags.js'
import { line } from './validate.js'

const USAGE = `usage: image-promoter pr --thin-manifest-dir DIR --image NAME --source REGISTRY [--tags T,... | --digest D] [--branch B] [--push] [--open]

Adds the staging repository's digests and tags to the image's images.yaml (kpromo's format and
order, comments kept), validates the whole tree, and commits on a new branch; --push pushes it,
--open also opens the pull request (GITHUB_TOKEN) with the plan of that change as its body.
${flagHelp('pr')}

Exit status: 0 when committed (or nothing to add), 1 when refused or failed, 2 on usage errors.`

/** The distribution spec's repository path: what a staging image name can be. */
const IMAGE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/
const REMOTE = 'origin'

interface Args {
  values: OptionValues
  root: string
  image: string
  source: string
}

function parse(args: string[], io: CliIo): Args | string {
  try {
    const { values: v } = parseFlags('pr', args, io)
    const dir = v['thin-manifest-dir']
    if (!dir || !v.image || !v.source)
      return 'give --thin-manifest-dir DIR, --image NAME and --source REGISTRY'
    if (!IMAGE.test(v.image))
      return `--image "${v.image}" is not an image name (lower-case path segments such as foo/bar)`
    if (v.tags.length > 0 && v.digest !== undefined) return 'give --tags or --digest, not both'
    const badTag = v.tags.find((t) => !isTag(t))
    if (badTag !== undefined) return `--tags: "${badTag}" is not a tag`
    if (v.digest !== undefined && !isDigest(v.digest))
      return `--digest "${v.digest}" is not a digest (sha256:<64 hex>)`
    if (v.branch !== undefined) validateBranch(v.branch)
    return { values: v, root: resolve(io.cwd, dir), image: v.image, source: v.source }
  } catch (error) {
    return errorMessage(error)
  }
}

/** The command line that made the PR, for its body (values are checked shapes or quoted). */
function commandLine(a: Args, branch: string): string {
  const q = (s: string): string => (/^[\w./:@=,+-]+$/.test(s) ? s : JSON.stringify(s))
  const v = a.values
  const parts = ['image-promoter pr', '--thin-manifest-dir', q(v['thin-manifest-dir']!)]
  parts.push('--image', a.image, '--source', q(a.source))
  if (v.tags.length) parts.push('--tags', v.tags.join(','))
  if (v.digest) parts.push('--digest', v.digest)
  parts.push('--branch', branch)
  if (v.open) parts.push('--open')
  else if (v.push) parts.push('--push')
  return parts.join(' ')
}

async function run(args: string[], io: CliIo): Promise<number> {
  const a = parse(args, io)
  if (typeof a === 'string') {
    io.stderr(`image-promoter pr: ${a}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const token = io.env.GITHUB_TOKEN
  knownSecrets.add(token)
  try {
    return await promote(a, io, token)
  } catch (error) {
    io.stderr(`image-promoter pr: ${errorMessage(error)}\n`)
    return EXIT.failed
  }
}

async function promote(a: Args, io: CliIo, token: string | undefined): Promise<number> {
  const v = a.values
  const say = (text: string): void => io.stderr(`${text}\n`)
  if (v.open && !token)
    throw new PrError('GITHUB_FAILED', '--open needs GITHUB_TOKEN in the environment', {
      hint: 'set GITHUB_TOKEN (in a workflow: a token with contents: write and pull-requests: write)'
    })
  const registryMap = parseRegistryMap(v['registry-map'])
  const registry = registryOptionsFromFlags(io, v)
  const stagingName = joinRepository(mapRegistry(a.source, registryMap), a.image)
  const stores = createRunStores({ registry, readOnly: true, layoutBaseDir: a.root })
  let wanted
  try {
    const { store, repo } = stores.resolve(stagingName)
    wanted = await readStaging(store, repo, stagingName, { tags: v.tags, digest: v.digest })
  } finally {
    await stores.close()
  }
  const grown = await growImages({ root: a.root, source: a.source, image: a.image, wanted })
  if (grown.kind === 'nothing') {
    io.stdout(`nothing to add: ${grown.imagesFile} already lists what ${stagingName} holds\n`)
    return EXIT.ok
  }
  if (grown.kind === 'refused') {
    for (const error of grown.errors) say(line(error))
    say(
      `image-promoter pr: refused: with this change the manifests would be invalid (${grown.errors.length} errors, as validate reports them); nothing was written`
    )
    return EXIT.failed
  }
  const tags = [...new Set([...grown.added.values()].flat())].sort()
  const branch = v.branch ?? validateBranch(defaultBranch(a.image, tags, v.digest))
  const clone = await checkClone(a.root, grown.imagesFile, branch)
  let target: { repository: string; base: string } | undefined
  if (v.open) {
    const repository =
      v.repository ?? (await githubRepositoryOf(clone.top, REMOTE)) ?? io.env.GITHUB_REPOSITORY
    const base = clone.baseBranch ?? io.env.GITHUB_REF_NAME
    if (!repository || !base)
      throw new PrError(
        'NO_GITHUB_REPOSITORY',
        !repository
          ? 'cannot tell which GitHub repository to open the pull request in'
          : 'HEAD is detached: cannot tell the pull request base branch',
        { hint: !repository ? 'give --repository OWNER/NAME' : 'check out the base branch first' }
      )
    target = { repository, base }
  }
  if (v.push || v.open) await checkRemoteBranch(clone.top, REMOTE, branch)
  const title = prTitle(a.image, grown.added)
  const commit = await commitOnBranch(clone, {
    root: a.root,
    imagesFile: grown.imagesFile,
    text: grown.text,
    branch,
    message: title
  })
  say(`committed ${commit} on branch ${branch}: ${grown.imagesFile}`)

  // The plan of exactly this commit, as the pull request's check will show it.
  const { report, plan } = await runPromotion(
    {
      thinManifestDir: a.root,
      scope: { kind: 'changed', base: clone.base, head: commit },
      readOnly: true,
      planOnly: true,
      registry,
      registryMap,
      log: say
    },
    io.cwd
  )
  if (plan) io.stdout(renderPlanText(plan))
  if (report.outcome === 'failure') {
    for (const p of report.problems.filter((p) => p.severity === 'error')) say(p.message)
    say(
      `image-promoter pr: the plan of this change fails (see above): branch ${branch} is committed locally, not pushed`
    )
    return EXIT.failed
  }
  if (!v.push && !v.open) return EXIT.ok
  await pushBranch(clone.top, REMOTE, branch)
  say(`pushed ${branch} to ${REMOTE}`)
  if (!target) return EXIT.ok
  const pr = await openPullRequest({
    apiUrl: io.env.GITHUB_API_URL ?? 'https://api.github.com',
    token: token!,
    repository: target.repository,
    head: branch,
    base: target.base,
    title,
    body: prBody({
      image: a.image,
      imagesFile: grown.imagesFile,
      added: grown.added,
      command: commandLine(a, branch),
      planMarkdown: renderMarkdown(report, { budget: PLAN_BUDGET_BYTES })
    })
  })
  io.stdout(`opened pull request #${pr.number}: ${pr.url}\n`)
  return EXIT.ok
}

export const prCommand: CliCommand = {
  name: 'pr',
  summary: 'add staging tags to images.yaml, commit on a branch, optionally open the pull request',
  usage: USAGE,
  run
}
