// GitHub Action entry point: all logic lives in src/action/main.ts.
import { run } from './action/main.js'

await run()
