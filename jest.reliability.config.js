// The reliability suite (__tests__/reliability, issue #9): excluded from the default `npm test`,
// run by `npm run test:reliability`. One worker: several scenarios measure rates and timings on
// a small machine, and each starts its own registries.
import base from './jest.config.js'

/** @type {import('ts-jest').JestConfigWithTsJest} */
export default {
  ...base,
  roots: ['<rootDir>/__tests__/reliability'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 240000,
  maxWorkers: 1
}
