// Lint probes: code that breaks a layer, at several depths, linted with the project's own
// eslint.config.mjs through ESLint's Node API. lintText with a filePath applies the config and
// the rule exactly as for a file at that path, without writing into src/ (where a stray file
// would reach tsc, coverage and the other workers).
import { describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const eslint = new ESLint({ cwd: root })

async function fenceMessages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` })
  // A parse error or a "file ignored" warning (no rule id) would mean the probe proved nothing.
  expect(result.messages.filter((m) => m.ruleId === null).map((m) => m.message)).toEqual([])
  return result.messages
    .filter((m) => m.ruleId === 'fences/layer-fence')
    .map((m) => m.messageId ?? m.message)
}

// [file, code, the fence that must catch it]
const violations: [string, string, string][] = [
  // Only src/action touches @actions/*, at any depth of any layer.
  [
    'src/oci/registry/transport/x.ts',
    "import * as core from '@actions/core'\ncore.info('')",
    'package'
  ],
  ['src/oci/layout/x.ts', "import '@actions/cache'", 'package'],
  ['src/plan/snapshot/x.ts', "import { context } from '@actions/github'\nvoid context", 'package'],
  ['src/pipeline/phases/x.ts', "import '@actions/core'", 'package'],
  ['src/cli/commands/x.ts', "import '@actions/core'", 'package'],
  // Storage imports nothing above it.
  ['src/oci/x.ts', "import type { Plan } from '../plan/index.js'\nexport type P = Plan", 'layer'],
  [
    'src/oci/layout/x.ts',
    "import { computePlan } from '../../plan/index.js'\nvoid computePlan",
    'layer'
  ],
  [
    'src/oci/registry/auth/x.ts',
    "import { loadManifests } from '../../../manifest/index.js'\nvoid loadManifests",
    'layer'
  ],
  ['src/oci/registry/transport/x.ts', "import '../../../trust/identity.js'", 'layer'],
  ['src/oci/registry/x.ts', "export type P = import('../../plan/index.js').Plan", 'layer'],
  // The domain (vuln and report included) never imports the pipeline or an adapter.
  ['src/vuln/x.ts', "import '../pipeline/run.js'", 'layer'],
  ['src/vuln/formats/x.ts', "import '../../cli/io.js'", 'layer'],
  ['src/trust/phases/x.ts', "import type { RunOptions } from '../../pipeline/options.js'", 'layer'],
  ['src/report/x.ts', "import '../action/outputs.js'", 'layer'],
  [
    'src/promote/x.ts',
    "export async function f() {\n  return import('../pipeline/run.js')\n}",
    'layer'
  ],
  ['src/manifest/x.ts', "export { run } from '../pipeline/run.js'", 'layer'],
  // The pipeline never imports an adapter or an entry point.
  ['src/pipeline/x.ts', "import '../action/inputs.js'", 'layer'],
  ['src/pipeline/phases/x.ts', "import type { Io } from '../../cli/io.js'", 'layer'],
  ['src/pipeline/x.ts', "import '../index.js'", 'layer'],
  // Adapters do not import each other.
  ['src/action/x.ts', "import '../cli/main.js'", 'layer'],
  ['src/cli/commands/x.ts', "import '../../action/inputs.js'", 'layer'],
  // Below the adapters nothing reads process.env, however it is spelled.
  ['src/vuln/formats/x.ts', 'export const home = process.env.HOME', 'env'],
  ['src/oci/registry/transport/x.ts', "export const proxy = process.env['HTTPS_PROXY']", 'env'],
  ['src/trust/verify/x.ts', 'export const all = globalThis.process.env', 'env'],
  ['src/plan/x.ts', 'const { env } = process\nexport const e = env', 'env'],
  ['src/pipeline/phases/x.ts', "import { env } from 'node:process'\nexport const e = env", 'env'],
  // From another module, a folder with an index.ts is entered through it.
  ['src/pipeline/x.ts', "import type { Edge } from '../manifest/model.js'", 'barrel'],
  ['src/action/x.ts', "import '../oci/registry/transport/base.js'", 'barrel'],
  ['src/trust/oci/x.ts', "import '../../oci/layout/layout-store.js'", 'barrel'],
  ['src/pipeline/x.ts', "import '../vuln/formats/index.js'", 'barrel'],
  // A new folder is in no layer until it is placed.
  ['src/newlayer/deep/x.ts', 'export const x = 1', 'unzoned']
]

const legal: [string, string][] = [
  ['src/action/x.ts', "import * as core from '@actions/core'\ncore.info(process.env.HOME ?? '')"],
  ['src/cli/commands/x.ts', 'export const home = process.env.HOME'],
  [
    'src/pipeline/phases/x.ts',
    "import type { Edge } from '../../manifest/index.js'\nimport '../../oci/registry/index.js'\nexport type E = Edge"
  ],
  ['src/oci/registry/transport/x.ts', "import '../../../errors.js'\nimport '../../digest.js'"],
  ['src/oci/x.ts', "import './registry/redact.js'"],
  [
    'src/trust/verify/x.ts',
    "import type { Store } from '../../oci/store.js'\nexport type S = Store"
  ],
  ['src/vuln/formats/x.ts', "import '../../trust/identity.js'\nimport '../../report/escape.js'"],
  ['src/index.ts', "import '../src/action/main.js'"],
  ['src/cli.ts', "import './cli/main.js'\nimport './heap-growth.js'"]
]

describe('layer fences (eslint.config.mjs)', () => {
  it.each(violations)('%s: %s is reported (%s)', async (path, code, fence) => {
    expect(await fenceMessages(path, code)).toContain(fence)
  })

  it.each(legal)('%s: %s is allowed', async (path, code) => {
    expect(await fenceMessages(path, code)).toEqual([])
  })

  it('the message names the file, the layer and what to do', async () => {
    const [result] = await eslint.lintText("import '../../../manifest/index.js'", {
      filePath: `${root}src/oci/registry/auth/x.ts`
    })
    expect(result.messages[0].message).toBe(
      'storage (src/oci/registry/auth/x.ts) may not import domain (src/manifest/index.ts): storage may import storage, shared. Move the code down a layer or pass it in from above.'
    )
  })
})
