// Schema-directed reading of a parsed YAML document: typed values with positions, unknown and
// duplicate keys reported, aliases followed within a budget. It knows YAML, not manifests.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Pair } from 'yaml'
import type { ParsedNode, Scalar } from 'yaml'
import type { SourcePosition } from '../errors.js'
import { ManifestError, type Findings, type ManifestErrorCode } from './errors.js'

type Node = ParsedNode | null

/** One key of a mapping, with the key node (for positions) and its value. */
export interface Field {
  key: Scalar.Parsed
  value: Node
}

// yaml.v2 (kpromo's parser) reads these plain scalars as null and as booleans (YAML 1.1).
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL'])
const TRUES = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'y', 'Y', 'on', 'On', 'ON'])
const FALSES = new Set(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'n', 'N', 'off', 'Off', 'OFF'])

export class YamlReader {
  /** Nodes read so far; aliases can repeat nodes, and this bounds how often (alias bombs). */
  private nodesRead = 0
  private readonly maxNodes: number
  private aliasLimitHit = false

  constructor(
    readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    sourceLength: number,
    private readonly findings: Findings
  ) {
    // Without aliases a node takes at least one character of source; twice that plus slack
    // allows ordinary anchors and stops exponential expansion after a few thousand nodes.
    this.maxNodes = 2 * sourceLength + 1024
  }

  /** True once the alias budget is spent: the file's content must then be discarded. */
  get aborted(): boolean {
    return this.aliasLimitHit
  }

  get root(): Node {
    return this.doc.contents
  }

  /** Position of a node (its first character), or of the file start for a missing node. */
  position(node: Node | undefined): SourcePosition {
    if (!node?.range) return { file: this.file, line: 1, column: 1 }
    const { line, col } = this.lines.linePos(node.range[0])
    return { file: this.file, line, column: col }
  }

  error(code: ManifestErrorCode, message: string, node: Node | undefined, hint?: string): void {
    if (this.aliasLimitHit && code !== 'YAML_ALIAS_LIMIT') return
    this.findings.errors.push(new ManifestError(code, message, this.position(node), { hint }))
  }

  /** The node itself, or the node an alias points at; null once the alias budget is spent. */
  resolve(node: Node | undefined): Node {
    if (!node || this.aliasLimitHit) return null
    if (++this.nodesRead > this.maxNodes) {
      this.aliasLimitHit = true
      this.error(
        'YAML_ALIAS_LIMIT',
        `aliases expand this file to more than ${this.maxNodes} values; refusing to read further`,
        node,
        'write the values out instead of repeating them with *aliases'
      )
      return null
    }
    if (!isAlias(node)) return node
    const target = node.resolve(this.doc)
    return target ? this.resolve(target as ParsedNode) : null
  }

  isNull(node: Node): boolean {
    return node === null || (isScalar(node) && node.type === 'PLAIN' && NULLS.has(node.source))
  }

  /** A scalar's text exactly as written (`1.0` stays "1.0"); null reads as "". */
  string(raw: Node | undefined, what: string): string | undefined {
    const node = this.resolve(raw)
    if (this.isNull(node)) return ''
    if (isScalar(node)) return String(node.value)
    this.wrongType(node, raw, what, 'a string')
    return undefined
  }

  /** A YAML 1.1 boolean as yaml.v2 reads it; null reads as false; quoted text is an error. */
  bool(raw: Node | undefined, what: string): boolean | undefined {
    const node = this.resolve(raw)
    if (this.isNull(node)) return false
    if (isScalar(node) && node.type === 'PLAIN') {
      if (TRUES.has(node.source)) return true
      if (FALSES.has(node.source)) return false
    }
    this.wrongType(node, raw, what, 'true or false')
    return undefined
  }

  /** A sequence's items; null reads as an empty list. */
  list(raw: Node | undefined, what: string): Node[] | undefined {
    const node = this.resolve(raw)
    if (this.isNull(node)) return []
    if (isSeq(node)) return node.items as Node[]
    this.wrongType(node, raw, what, 'a list')
    return undefined
  }

  /** A mapping's pairs with scalar keys, duplicates reported; null reads as no pairs. */
  pairs(raw: Node | undefined, what: string): Field[] | undefined {
    const node = this.resolve(raw)
    if (this.isNull(node)) return []
    if (!isMap(node)) {
      this.wrongType(node, raw, what, 'a mapping')
      return undefined
    }
    const fields: Field[] = []
    const seen = new Map<string, Scalar.Parsed>()
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = this.resolve(pair.key)
      if (!isScalar(key)) {
        this.wrongType(key, pair.key ?? node, `a key in ${what}`, 'a string')
        continue
      }
      const text = String(key.value)
      const first = seen.get(text)
      if (first) {
        const { line } = this.position(first)
        this.error(
          'DUPLICATE_KEY',
          `duplicate key "${text}" in ${what}: already defined at line ${line}`,
          key,
          'remove one of the two entries'
        )
        continue
      }
      seen.set(text, key)
      fields.push({ key, value: pair.value })
    }
    return fields
  }

  /** A mapping with a fixed set of keys: unknown keys are errors. */
  fields(
    raw: Node | undefined,
    what: string,
    allowed: readonly string[]
  ): Map<string, Field> | undefined {
    const pairs = this.pairs(raw, what)
    if (!pairs) return undefined
    const fields = new Map<string, Field>()
    for (const field of pairs) {
      const name = String(field.key.value)
      if (allowed.includes(name)) fields.set(name, field)
      else
        this.error(
          'UNKNOWN_KEY',
          `unknown key "${name}" in ${what}; expected one of: ${allowed.join(', ')}`,
          field.key,
          'fix the spelling or remove the key'
        )
    }
    return fields
  }

  /** `node` is what was found, `at` where it is written (an alias, for aliased values). */
  private wrongType(node: Node, at: Node | undefined, what: string, expected: string): void {
    this.error('WRONG_TYPE', `${what}: expected ${expected}, got ${describe(node)}`, at ?? node)
  }
}

function describe(node: Node): string {
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) return `"${String(node.value)}"`
  return 'nothing'
}
