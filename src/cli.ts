#!/usr/bin/env node
// CLI entry point: all logic lives in src/cli/main.ts.
import { main } from './cli/main.js'
import { limitHeapGrowth } from './heap-growth.js'
import { stopOnSignals } from './stop-signals.js'

limitHeapGrowth()

const stop = stopOnSignals()
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stderr.isTTY === true,
  signal: stop.signal
})
stop.dispose()
