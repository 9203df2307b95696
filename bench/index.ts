// `npm run bench [-- SCENARIO [ARGS...]]`: runs one named scenario; with none named, runs them all
// and writes docs/benchmarks.md (bench/report.ts).
import { writeFileSync } from 'node:fs'
import { runReport } from './report.js'
import type { BenchScenario } from './scenario.js'
import { peerSkopeo } from './scenarios/peer-skopeo.js'
import { parse } from './scenarios/parse.js'
import { planFleet } from './scenarios/plan-fleet.js'
import { planK8sio } from './scenarios/plan-k8sio.js'
import { planFullCold, planFullWarm, planPr } from './scenarios/plan.js'
import { promoteCrossHost } from './scenarios/promote-cross-host.js'
import { promoteNoop } from './scenarios/promote-noop.js'
import { promoteSameHost } from './scenarios/promote-same-host.js'
import { resolve } from './scenarios/resolve.js'
import { signAttest } from './scenarios/sign-attest.js'
import { sigcheckFleet } from './scenarios/sigcheck-fleet.js'
import { vulnGate } from './scenarios/vuln-gate.js'

const SCENARIOS: BenchScenario[] = [
  planPr,
  planFullCold,
  planFullWarm,
  planK8sio,
  planFleet,
  parse,
  peerSkopeo,
  promoteSameHost,
  promoteCrossHost,
  promoteNoop,
  resolve,
  signAttest,
  sigcheckFleet,
  vulnGate
]

async function main(argv: string[]): Promise<number> {
  // `--outcome FILE NAME ...`: the report runner's child mode; the scenario's outcome goes to FILE.
  const outcomeFile = argv[0] === '--outcome' ? argv[1] : undefined
  const [name, ...args] = outcomeFile !== undefined ? argv.slice(2) : argv
  if (name === '--help' || name === '-h') {
    for (const s of SCENARIOS) console.log(`${s.name.padEnd(18)} ${s.description}`)
    console.log('(none)             every scenario, medians of 3 runs, writes docs/benchmarks.md:')
    console.log('                   [--runs N | --quick] [--tree DIR] [--only a,b] [--out FILE]')
    console.log(
      '                   or --from-json bench-results/<run>/report.json to re-render only'
    )
    return 0
  }
  if (name === undefined || name.startsWith('--')) return runReport(SCENARIOS, argv)
  const scenario = SCENARIOS.find((s) => s.name === name)
  if (!scenario) {
    console.error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`)
    return 2
  }
  const outcome = await scenario.run(args)
  if (outcomeFile !== undefined && outcome) writeFileSync(outcomeFile, JSON.stringify(outcome))
  return 0
}

process.exitCode = await main(process.argv.slice(2))
