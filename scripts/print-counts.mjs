// Prints the plain closing line CI reads ("N passed, N failed") from jest --json results.
import { readFileSync } from 'node:fs'

let passed = 0
let failed = 0
for (const file of process.argv.slice(2)) {
  try {
    const results = JSON.parse(readFileSync(file, 'utf8'))
    passed += results.numPassedTests
    failed += results.numFailedTests + results.numRuntimeErrorTestSuites
    // Every test passed but the run did not: the coverage gate (Jest printed which module).
    if (!results.success && results.numFailedTests + results.numRuntimeErrorTestSuites === 0)
      console.error(`${file}: coverage below the thresholds in jest.config.js`)
  } catch (error) {
    console.error(`could not read test results ${file}: ${error.message}`)
    failed += 1
  }
}
console.log(`${passed} passed, ${failed} failed`)
