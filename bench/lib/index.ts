// The bench runner's toolkit: registries, measurement, peer runs, results.
export { countRequests, withRegistries, type TestRegistry } from './registries.js'
export { measure, repeat, type Measured } from './measure.js'
export { runPeer, type PeerRun } from './peer.js'
export { markdownTable, median, medianResult, printResults, type BenchResult } from './results.js'
export {
  clearSkopeoCache,
  skopeoInspectAll,
  skopeoInspectRaw,
  type PeerBatch,
  skopeoRegistryArgs,
  skopeoSync,
  skopeoSyncYaml
} from './skopeo.js'
