// No import circles in src/, type-only imports included: between files, and between modules
// (src/<module>/), so the layers stay a stack even where lint lets two domain modules meet.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('../..', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [relative(root, join(dir, e.name))]
        : []
  )
}

/** Every relative specifier a file names: imports, re-exports, import() and import('x').T. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(root, file), 'utf8'),
    ts.ScriptTarget.Latest
  )
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text)
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      found.push(node.arguments[0].text)
    if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      found.push(node.argument.literal.text)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found.filter((s) => s.startsWith('.'))
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(join(root, 'src'))) {
    const targets = specifiers(file).map((spec) => {
      const target = resolve(root, dirname(file), spec).replace(/\.js$/, '.ts')
      if (!existsSync(target)) throw new Error(`${file}: ${spec} names no file`)
      return relative(root, target)
    })
    graph.set(file, targets)
  }
  return graph
}

/** Strongly connected components with more than one node, or a node importing itself. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const connect = (v: string): void => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort())
  }
  for (const v of graph.keys()) if (!index.has(v)) connect(v)
  return found
}

const moduleOf = (file: string): string => file.split('/').slice(0, 2).join('/')

describe('import circles in src/', () => {
  const graph = importGraph()

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(200)
  })

  it('no two files import each other, directly or around a circle', () => {
    expect(circles(graph)).toEqual([])
  })

  it('no two modules import each other', () => {
    const modules = new Map<string, string[]>()
    for (const [file, targets] of graph) {
      const from = moduleOf(file)
      const to = targets.map(moduleOf).filter((m) => m !== from)
      modules.set(from, [...new Set([...(modules.get(from) ?? []), ...to])])
    }
    expect(circles(modules)).toEqual([])
  })

  it('finds a circle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']]
    ])
    expect(circles(graph)).toEqual([['a', 'b', 'c']])
  })
})
