// `pr`'s change: read the staging repository's tags (all but `latest` unless named, or the given
// ones, or one digest), add them to the image's images.yaml (addToImagesYaml: kpromo's layout,
// minimal diff, refuses tag moves), and validate the whole tree with the edit in place; a tree
// the validator rejects is restored and refused with validate's messages. Writes only that file.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PromoterError } from '../errors.js'
import { buildEdges, loadManifests, type ManifestError } from '../manifest/index.js'
import { addToImagesYaml } from '../manifest/images-edit.js'
import type { StoreResolver } from '../trust/phases/types.js'

export class ProposeError extends PromoterError<'PROPOSAL_REFUSED'> {
  constructor(message: string, hint: string) {
    super('PROPOSAL_REFUSED', message, { hint })
  }
}

export interface ProposeInputs {
  /** The thin-manifest directory. */
  root: string
  /** Image name, as in images.yaml. */
  image: string
  /** The staging registry prefix: a manifest's `src: true` registry name. */
  source: string
  /** Tags to propose (default every tag but `latest`). */
  tags?: readonly string[]
  /** Propose one digest (with the staging tags that point at it). */
  digest?: string
  resolveStore: StoreResolver
}

export interface Proposal {
  /** The images file changed, relative to the root. */
  file: string
  /** digest -> tags added. */
  added: Map<string, string[]>
  changed: boolean
}

const line = (e: ManifestError): string =>
  `${e.position.file}:${e.position.line}:${e.position.column}: ${e.hint ? `${e.message} (${e.hint})` : e.message}`

/** digest -> tags of the staging repository, narrowed to what was asked. */
async function stagingTags(inputs: ProposeInputs): Promise<Map<string, string[]>> {
  const repository = `${inputs.source.replace(/\/+$/, '')}/${inputs.image}`
  const at = inputs.resolveStore(repository)
  const listing = await at.store.tagList(at.repo)
  if (!listing.exists)
    throw new ProposeError(`${repository} does not exist`, 'check --source and --image')
  const wanted = inputs.tags ?? listing.tags.filter((t) => t !== 'latest')
  const missing = wanted.filter((t) => !listing.tags.includes(t))
  if (missing.length > 0)
    throw new ProposeError(
      `${repository} has no tag ${missing.map((t) => `"${t}"`).join(', ')}`,
      'push the tag to staging first, or leave it out'
    )
  const byDigest = new Map<string, string[]>()
  for (const tag of [...wanted].sort()) {
    const found = await at.store.manifestHead(at.repo, tag)
    if (!found) throw new ProposeError(`${repository}:${tag} vanished while reading`, 'run again')
    if (inputs.digest && found.digest !== inputs.digest) continue
    byDigest.set(found.digest, [...(byDigest.get(found.digest) ?? []), tag])
  }
  if (inputs.digest && !byDigest.has(inputs.digest)) {
    const found = await at.store.manifestHead(at.repo, inputs.digest)
    if (!found)
      throw new ProposeError(`${repository}@${inputs.digest} does not exist`, 'check --digest')
    byDigest.set(inputs.digest, [])
  }
  if (byDigest.size === 0)
    throw new ProposeError(`${repository} has no tag to propose`, 'name the tags with --tags')
  return byDigest
}

export async function proposePromotion(inputs: ProposeInputs): Promise<Proposal> {
  const before = await loadManifests({ thinManifestDir: inputs.root })
  const source = inputs.source.replace(/\/+$/, '')
  const manifest = before.manifests.find((m) => m.source.name.replace(/\/+$/, '') === source)
  if (!manifest)
    throw new ProposeError(
      `no manifest under ${inputs.root} promotes from ${source}`,
      'give --source as the `src: true` registry name of a promoter-manifest.yaml'
    )
  const added = await stagingTags(inputs)
  const path = join(before.root, manifest.imagesFile)
  const original = await readFile(path, 'utf8').catch(() => '')
  let text = original
  for (const [digest, tags] of added)
    text = addToImagesYaml(text, { name: inputs.image, digest, tags }, manifest.imagesFile)
  if (text === original) return { file: manifest.imagesFile, added, changed: false }
  await writeFile(path, text)
  const after = await loadManifests({ thinManifestDir: inputs.root })
  const errors = [...after.errors, ...buildEdges(after.manifests).errors]
  if (errors.length > 0) {
    await writeFile(path, original)
    throw new ProposeError(
      `the change is invalid:\n${errors.map(line).join('\n')}`,
      'nothing was changed; fix the manifests or choose other tags'
    )
  }
  return { file: manifest.imagesFile, added, changed: true }
}
