// `image-promoter snapshot PREFIX`: print what repositories under PREFIX hold (kpromo --snapshot),
// or, with --manifest-based, what the manifests say they should hold (kpromo
// --manifest-based-snapshot-of, but honouring --thin-manifest-dir). yaml or csv on stdout.
import { resolve } from 'node:path'
import { errorMessage } from '../../errors.js'
import { buildEdges, loadManifests } from '../../manifest/index.js'
import {
  dropIndexChildren,
  edgesToSnapshot,
  parseSnapshotFormat,
  readIndexChildren,
  renderSnapshot,
  snapshotRegistry,
  type SnapshotInventory
} from '../../plan/index.js'
import { flagHelp } from '../../options/render.js'
import type { OptionValues } from '../../options/table.js'
import { parseFlags } from '../flag-values.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'
import { openReadOnlyStores } from '../read-only-stores.js'

const USAGE = `usage: image-promoter snapshot REPOSITORY-PREFIX [flags]

Prints the images under a registry prefix as a thin images.yaml (or csv).
${flagHelp('snapshot')}`

type Values = OptionValues

async function fromManifests(
  values: Values,
  prefix: string,
  io: CliIo
): Promise<SnapshotInventory> {
  const set = await loadManifests({
    manifest: values.manifest && resolve(io.cwd, values.manifest),
    thinManifestDir: values['thin-manifest-dir'] && resolve(io.cwd, values['thin-manifest-dir'])
  })
  const edgeSet = buildEdges(set.manifests)
  const first = [...set.errors, ...edgeSet.errors][0]
  if (first) throw first
  const inventory = edgesToSnapshot(edgeSet.edges, prefix)
  if (!values['minimal-snapshot']) return inventory
  const stores = openReadOnlyStores(io, set.root)
  try {
    const { children, warnings } = await readIndexChildren(stores.resolve, prefix, inventory)
    for (const w of warnings) io.stderr(`warning: ${w}\n`)
    return dropIndexChildren(inventory, children)
  } finally {
    await stores.close()
  }
}

async function fromRegistry(values: Values, prefix: string, io: CliIo): Promise<SnapshotInventory> {
  const stores = openReadOnlyStores(io, io.cwd)
  try {
    const { inventory, warnings } = await snapshotRegistry({
      resolve: stores.resolve,
      prefix,
      repositories: values.repositories.length > 0 ? values.repositories : undefined,
      snapshotTag: values['snapshot-tag'],
      minimal: values['minimal-snapshot']
    })
    for (const w of warnings) io.stderr(`warning: ${w}\n`)
    return inventory
  } finally {
    await stores.close()
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseFlags('snapshot', args, io, true)
  } catch (error) {
    io.stderr(`image-promoter snapshot: ${errorMessage(error)}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const { values, positionals } = parsed
  const manifestBased = values['manifest-based']
  const sources =
    Number(values.manifest !== undefined) + Number(values['thin-manifest-dir'] !== undefined)
  const problem =
    positionals.length !== 1
      ? 'give exactly one REPOSITORY-PREFIX'
      : manifestBased && sources !== 1
        ? '--manifest-based needs exactly one of --manifest FILE and --thin-manifest-dir DIR'
        : !manifestBased && sources > 0
          ? '--manifest and --thin-manifest-dir need --manifest-based'
          : undefined
  if (problem) {
    io.stderr(`image-promoter snapshot: ${problem}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  try {
    const format = parseSnapshotFormat(values.output)
    const prefix = positionals[0]!
    const inventory = manifestBased
      ? await fromManifests(values, prefix, io)
      : await fromRegistry(values, prefix, io)
    io.stdout(renderSnapshot(inventory, format))
    return EXIT.ok
  } catch (error) {
    io.stderr(`image-promoter snapshot: ${errorMessage(error)}\n`)
    return EXIT.failed
  }
}

export const snapshotCommand: CliCommand = {
  name: 'snapshot',
  summary: "print a registry prefix's images (or the manifests' view of them) as yaml or csv",
  usage: USAGE,
  run
}
