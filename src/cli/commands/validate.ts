// `image-promoter validate`: load and validate manifests (kpromo's rules plus the overlap check)
// without touching any registry. Exit 0 when valid, 1 when not, 2 on usage errors.
import { resolve } from 'node:path'
import {
  buildEdges,
  countManifests,
  loadManifests,
  type ManifestError
} from '../../manifest/index.js'
import { flagHelp } from '../../options/render.js'
import { parseFlags } from '../flag-values.js'
import { EXIT, type CliCommand, type CliIo } from '../io.js'

const USAGE = `usage: image-promoter validate (--manifest FILE | --thin-manifest-dir DIR) [--json]

Checks promotion manifests: strict YAML, kpromo's validation rules and overlapping tags.
${flagHelp('validate')}`

type Parsed = { manifest?: string; thinManifestDir?: string; json: boolean }

function parse(args: string[], io: CliIo): Parsed | string {
  try {
    const { values } = parseFlags('validate', args, io)
    const parsed = {
      manifest: values.manifest,
      thinManifestDir: values['thin-manifest-dir'],
      json: values.json
    }
    if ((parsed.manifest === undefined) === (parsed.thinManifestDir === undefined))
      return 'give exactly one of --manifest FILE and --thin-manifest-dir DIR'
    return parsed
  } catch (error) {
    return (error as Error).message
  }
}

function line(error: ManifestError, label = ''): string {
  const { file, line: at, column } = error.position
  return `${file}:${at}:${column}: ${label}${text(error)}`
}

function text(error: ManifestError): string {
  return error.hint ? `${error.message} (${error.hint})` : error.message
}

async function run(args: string[], io: CliIo): Promise<number> {
  const options = parse(args, io)
  if (typeof options === 'string') {
    io.stderr(`image-promoter validate: ${options}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const set = await loadManifests({
    manifest: options.manifest === undefined ? undefined : resolve(io.cwd, options.manifest),
    thinManifestDir:
      options.thinManifestDir === undefined ? undefined : resolve(io.cwd, options.thinManifestDir)
  })
  const edgeSet = buildEdges(set.manifests)
  const errors = [...set.errors, ...edgeSet.errors]
  const counts = { ...countManifests(set.manifests), edges: edgeSet.edges.length }
  for (const warning of set.warnings) io.stderr(`${line(warning, 'warning: ')}\n`)
  if (options.json) {
    const listed = errors.map((e) => ({ ...e.position, message: text(e) }))
    io.stdout(`${JSON.stringify({ ...counts, errors: listed })}\n`)
  } else {
    for (const error of errors) io.stderr(`${line(error)}\n`)
    const verdict = errors.length === 0 ? 'valid' : `invalid (${errors.length} errors)`
    io.stdout(
      `${verdict}: ${counts.manifests} manifests, ${counts.images} images, ${counts.digests} digests, ` +
        `${counts.edges} edges, ${set.warnings.length} warnings\n`
    )
  }
  return errors.length === 0 ? EXIT.ok : EXIT.failed
}

export const validate: CliCommand = {
  name: 'validate',
  summary: 'check manifests (strict YAML, kpromo rules, overlapping tags); no registry access',
  usage: USAGE,
  run
}
