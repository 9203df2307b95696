// `npm run bench -- parse [DIR | --manifest FILE]`: load, validate and build the edges of a
// manifest tree, then print wall time, peak RSS and the counts (JSON, then one summary line).
import {
  buildEdges,
  countManifests,
  loadManifests,
  type LoadManifestsOptions
} from '../../src/manifest/index.js'
import type { BenchScenario } from '../scenario.js'

/** Used when no tree is named: the small real thin-manifest tree copied into the tests. */
const DEFAULT_DIR = '__tests__/fixtures/manifests/k8s-thin'

function optionsFrom(args: string[]): LoadManifestsOptions {
  if (args[0] === '--manifest' && args[1]) return { manifest: args[1] }
  return { thinManifestDir: args[0] ?? DEFAULT_DIR }
}

export const parse: BenchScenario = {
  name: 'parse',
  description: 'load + validate manifests and build edges: parse [DIR | --manifest FILE]',
  run: async (args) => {
    const options = optionsFrom(args)
    const started = performance.now()
    const set = await loadManifests(options)
    const loaded = performance.now()
    const { edges, errors } = buildEdges(set.manifests)
    const finished = performance.now()
    const counts = countManifests(set.manifests)
    const result = {
      scenario: 'parse',
      input: options.manifest ?? options.thinManifestDir,
      ...counts,
      edges: edges.length,
      errors: set.errors.length + errors.length,
      warnings: set.warnings.length,
      loadMs: Math.round(loaded - started),
      edgesMs: Math.round(finished - loaded),
      wallMs: Math.round(finished - started),
      processMs: Math.round(performance.now()),
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024)
    }
    console.log(JSON.stringify(result))
    for (const e of [...set.errors, ...errors].slice(0, 20)) console.log(`  error ${e.describe()}`)
    console.log(
      `parse: ${counts.manifests} manifests, ${counts.images} images, ${counts.digests} digests, ${result.edges} edges, ` +
        `${result.errors} errors, ${result.warnings} warnings in ${result.wallMs} ms ` +
        `(process ${result.processMs} ms), peak RSS ${result.maxRssMB} MB`
    )
    return {
      results: [
        {
          scenario: `parse ${counts.manifests} manifests, ${result.edges} edges`,
          tool: 'image-promoter',
          requests: 0,
          bytes: 0,
          wallMs: finished - started,
          peakRssMb: process.resourceUsage().maxRSS / 1024,
          extra: {
            ...counts,
            edges: result.edges,
            errors: result.errors,
            processMs: result.processMs
          }
        }
      ],
      goals: [
        { goal: 'wall < 3 s', met: result.wallMs < 3000, figure: `${result.wallMs} ms` },
        { goal: 'peak RSS < 400 MB', met: result.maxRssMB < 400, figure: `${result.maxRssMB} MB` }
      ]
    }
  }
}
