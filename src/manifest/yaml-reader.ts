// Schema-directed reading of a parsed YAML document: typed values with positions, unknown and
// duplicate keys reported, aliases followed within a budget. It knows YAML, not manifests.
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type LineCounter } from 'yaml'
import type { Alias, Node as AnyNode, Pair, ParsedNode, Scalar } from 'yaml'
import type { SourcePosition } from '../errors.js'
import { ManifestError, quote, type Findings, type ManifestErrorCode } from './errors.js'

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
  /**
   * Size read so far: a scalar counts its length, any other node 1. Aliases can repeat nodes
   * and long values; this bounds how much they expand to (alias bombs, one huge value reused).
   */
  private sizeRead = 0
  private readonly maxSize: number
  private aliasLimitHit = false
  /** Each alias's target, found in one pass (yaml's Alias.resolve walks the document per call). */
  private aliasTargets: Map<Alias, AnyNode | undefined> | undefined

  constructor(
    readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    sourceLength: number,
    private readonly findings: Findings
  ) {
    // Without aliases a node takes at least one character of source and a scalar its length;
    // twice that plus slack allows ordinary anchors and stops expansion at a linear size.
    this.maxSize = 2 * sourceLength + 1024
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

  /** A finding that does not make the manifest invalid (kpromo logs it and goes on). */
  warn(code: ManifestErrorCode, message: string, node: Node | undefined, hint?: string): void {
    if (this.aliasLimitHit) return
    this.findings.warnings.push(new ManifestError(code, message, this.position(node), { hint }))
  }

  /** The node itself, or the node an alias points at; null once the alias budget is spent. */
  resolve(node: Node | undefined): Node {
    if (!node || this.aliasLimitHit) return null
    this.sizeRead += isScalar(node) && node.range ? Math.max(1, node.range[1] - node.range[0]) : 1
    if (this.sizeRead > this.maxSize) {
      this.aliasLimitHit = true
      this.error(
        'YAML_ALIAS_LIMIT',
        `aliases expand this file to more than ${this.maxSize} characters; refusing to read further`,
        node,
        'write the values out instead of repeating them with *aliases'
      )
      return null
    }
    if (!isAlias(node)) return node
    const target = this.targetOf(node)
    return target ? this.resolve(target as ParsedNode) : null
  }

  /** The node `alias` names: the last node anchored with its name before it (YAML 1.2 §3.2.2.2). */
  private targetOf(alias: Alias): AnyNode | undefined {
    if (!this.aliasTargets) {
      const targets = new Map<Alias, AnyNode | undefined>()
      const anchors = new Map<string, AnyNode>()
      visit(this.doc, {
        Node: (_key, node) => {
          if (isAlias(node)) targets.set(node, anchors.get(node.source))
          else if (node.anchor) anchors.set(node.anchor, node)
        }
      })
      this.aliasTargets = targets
    }
    return this.aliasTargets.get(alias)
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
          `duplicate key ${quote(text)} in ${what}: already defined at line ${line}`,
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
          `unknown key ${quote(name)} in ${what}; expected one of: ${allowed.join(', ')}`,
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

/**
 * What was found, for a message. A short one-line scalar is quoted (an excerpt); a longer one is
 * only measured: when a list or mapping was expected, a scalar may be a whole file that is not
 * a manifest at all, and its content does not belong in logs.
 */
function describe(node: Node): string {
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) {
    const text = String(node.value)
    return text.length <= 40 && !/[\r\n]/.test(text)
      ? quote(text)
      : `a text of ${text.length} characters`
  }
  return 'nothing'
}
