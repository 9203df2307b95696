// Seeding API for tests and benchmarks: push built images, or a whole deterministic workload.
export { pushBlob, pushImage, pushIndex, pushManifest, seedClient } from './push.js'
export {
  seedWorkload,
  type SeedWorkloadOptions,
  type SeededImage,
  type SeededWorkload
} from './workload.js'
export { imagesYaml, promoterManifestYaml } from './kpromo-yaml.js'
export type { RegistryTarget } from './seed-client.js'
export { writeThinManifests, type ThinManifestOptions } from './manifest-dir.js'
