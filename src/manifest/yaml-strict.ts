// Strict YAML for manifests: size limit, syntax errors with positions, every scalar kept as
// its source text (failsafe schema), and duplicate keys left for YamlReader to report.
import { LineCounter, parseDocument, type Document } from 'yaml'
import { ManifestError, excerpt, filePosition, type Findings } from './errors.js'
import { YamlReader } from './yaml-reader.js'

/**
 * Largest manifest or images file accepted, in bytes (8 MiB). The largest real file
 * (registry.k8s.io's k8s-staging-kubernetes images.yaml) is about 1.4 MB; the limit bounds
 * parse time and memory for anything that is not a manifest.
 */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024

/** Refuse `text` from `file` when it is larger than MAX_MANIFEST_BYTES; true when refused. */
export function refuseOversized(file: string, bytes: number, findings: Findings): boolean {
  if (bytes <= MAX_MANIFEST_BYTES) return false
  findings.errors.push(
    new ManifestError(
      'FILE_TOO_LARGE',
      `file is ${bytes} bytes, more than the limit of ${MAX_MANIFEST_BYTES} bytes (MAX_MANIFEST_BYTES)`,
      filePosition(file),
      { hint: 'split the images into several thin manifests' }
    )
  )
  return true
}

/**
 * Deepest flow nesting (`[` and `{`) accepted. Manifests nest three or four levels; the YAML
 * parser recurses per level, and 100,000 levels cost it hundreds of MB before it gives up.
 */
export const MAX_FLOW_NESTING = 64

/**
 * Where flow brackets first open deeper than MAX_FLOW_NESTING, or undefined. Quotes are not
 * tracked, so brackets inside strings count too: no real manifest has 64 unclosed ones.
 */
function deepFlowNesting(text: string): { line: number; column: number } | undefined {
  let depth = 0
  let line = 1
  let lineStart = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a) {
      line++
      lineStart = i + 1
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_NESTING) return { line, column: i - lineStart + 1 }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--
  }
  return undefined
}

/**
 * Parse one YAML document (callers check its size first, see readManifestText). Returns a reader
 * over it, or undefined when the text is not valid YAML or nests too deep (each error is added to
 * `findings`, and nothing in the file is read further, so a typo does not cascade into made-up
 * validation errors).
 */
export function parseStrict(
  file: string,
  text: string,
  findings: Findings
): YamlReader | undefined {
  const deep = deepFlowNesting(text)
  if (deep) {
    findings.errors.push(
      new ManifestError(
        'NESTING_TOO_DEEP',
        `flow collections nested more than ${MAX_FLOW_NESTING} levels deep`,
        { file, ...deep },
        { hint: 'a manifest nests a few levels: check for unbalanced [ or {' }
      )
    )
    return undefined
  }
  const lines = new LineCounter()
  const doc: Document.Parsed = parseDocument(text, {
    lineCounter: lines,
    schema: 'failsafe',
    uniqueKeys: false,
    prettyErrors: false
  })
  for (const error of doc.errors) {
    const { line, col: column } = lines.linePos(error.pos[0])
    findings.errors.push(
      new ManifestError('YAML_SYNTAX', `invalid YAML: ${firstLine(error.message)}`, {
        file,
        line,
        column
      })
    )
  }
  if (doc.errors.length > 0) return undefined
  return new YamlReader(file, doc, lines, text.length, findings)
}

/** The parser's message without its position, shortened: it can quote tags and anchor names. */
function firstLine(message: string): string {
  return excerpt(message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, ''), 100)
}
