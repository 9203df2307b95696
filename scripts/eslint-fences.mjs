// The layer fences as one ESLint rule. Every import is resolved to the file it names, so a rule
// holds at any depth (src/oci/registry/transport/x.ts is in the storage zone like src/oci/x.ts),
// which path patterns in no-restricted-imports cannot do. Options (eslint.config.mjs):
//   zones: [{ name, paths: ['src/oci/', 'src/errors.ts'], may: [zone names], env?: true }]
//     a file is in the zone of its longest matching path; it may import its own zone and `may`;
//     `env: true` lets it read process.env. A src file in no zone is an error (a new folder
//     must be placed).
//   packages: { '@actions/': [zone names] }: who may import a package (prefix match).
// Barrels: from another module (src/<module>/), a folder holding index.ts is entered through it.
import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

const posix = (p) => p.split(sep).join('/')

/** The zone of a repository-relative path: the longest matching `paths` entry wins. */
export function zoneOf(zones, path) {
  let best
  let length = -1
  for (const zone of zones) {
    for (const p of zone.paths) {
      const hit = p.endsWith('/') ? path.startsWith(p) : path === p
      if (hit && p.length > length) {
        best = zone
        length = p.length
      }
    }
  }
  return best
}

/** The repository-relative .ts file a relative specifier names (NodeNext: `./x.js` is `./x.ts`). */
function targetOf(cwd, file, spec) {
  const absolute = resolve(dirname(join(cwd, file)), spec)
  const ts = absolute.replace(/\.js$/, '.ts')
  return posix(relative(cwd, existsSync(ts) || spec.endsWith('.js') ? ts : absolute))
}

/**
 * The barrel the import must go through instead, if any. Barrels are the surface of a module
 * (src/<module>/) to the rest of the code; inside one module, files reach each other directly.
 */
function barrelFor(cwd, file, target) {
  const parts = target.split('/')
  if (file.split('/')[1] === parts[1]) return undefined
  for (let i = 2; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/')
    if (file.startsWith(dir + '/')) continue
    const index = `${dir}/index.ts`
    if (target !== index && existsSync(join(cwd, index))) return index
  }
  return undefined
}

const isProcess = (node) =>
  (node.type === 'Identifier' && node.name === 'process') ||
  (node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'globalThis' &&
    !node.computed &&
    node.property.name === 'process')

const propertyName = (node) =>
  node.computed
    ? node.property.type === 'Literal'
      ? node.property.value
      : undefined
    : node.property.name

export const layerFence = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports point down the layers; barrels are the only way in.' },
    schema: [{ type: 'object' }],
    messages: {
      layer:
        '{{from}} ({{file}}) may not import {{to}} ({{target}}): {{from}} may import {{may}}. Move the code down a layer or pass it in from above.',
      unzoned:
        '{{file}} is in no layer: add its folder to the zones in eslint.config.mjs so the fences apply to it.',
      package: '{{from}} ({{file}}) may not import {{spec}}: only {{who}} may.',
      barrel: 'Import {{target}} through {{barrel}} (the only way into that folder).',
      env: '{{from}} ({{file}}) may not read process.env: the adapters (src/action, src/cli) read it and pass values in as options.'
    }
  },
  create(context) {
    const { zones, packages = {} } = context.options[0] ?? {}
    const cwd = context.cwd
    const file = posix(relative(cwd, context.filename))
    if (!file.startsWith('src/')) return {}
    const zone = zoneOf(zones, file)
    const from = zone?.name

    const check = (node, spec) => {
      if (typeof spec !== 'string' || !zone) return
      if (!spec.startsWith('.')) {
        if ((spec === 'process' || spec === 'node:process') && !zone.env)
          context.report({ node, messageId: 'env', data: { from, file } })
        for (const [prefix, who] of Object.entries(packages)) {
          if (spec.startsWith(prefix) && !who.includes(from))
            context.report({
              node,
              messageId: 'package',
              data: { from, file, spec, who: who.join(', ') }
            })
        }
        return
      }
      const target = targetOf(cwd, file, spec)
      const to = zoneOf(zones, target)
      if (to && to !== zone && !zone.may.includes(to.name)) {
        const may = [zone.name, ...zone.may].join(', ')
        context.report({ node, messageId: 'layer', data: { from, file, to: to.name, target, may } })
        return
      }
      const barrel = barrelFor(cwd, file, target)
      if (barrel) context.report({ node, messageId: 'barrel', data: { target, barrel } })
    }
    const source = (node) => check(node, node.source?.value)

    return {
      Program(node) {
        if (!zone) context.report({ node, messageId: 'unzoned', data: { file } })
      },
      ImportDeclaration: source,
      ExportNamedDeclaration: source,
      ExportAllDeclaration: source,
      ImportExpression: (node) => check(node, node.source.value),
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.source?.value),
      MemberExpression(node) {
        if (zone && !zone.env && isProcess(node.object) && propertyName(node) === 'env')
          context.report({ node, messageId: 'env', data: { from, file } })
      },
      VariableDeclarator(node) {
        if (!zone || zone.env || !node.init || !isProcess(node.init)) return
        if (node.id.type !== 'ObjectPattern') return
        if (node.id.properties.some((p) => p.type === 'Property' && p.key.name === 'env'))
          context.report({ node, messageId: 'env', data: { from, file } })
      }
    }
  }
}

export default { rules: { 'layer-fence': layerFence } }
