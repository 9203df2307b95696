// The product's bounded parallel map, for seeding and benches.
export { mapLimit } from '../../src/trust/concurrency.js'
