// GitHub Action entry point: all logic lives in src/action/main.ts.
import { run } from './action/main.js'
import { limitHeapGrowth } from './heap-growth.js'

limitHeapGrowth()

await run()
