// `npm run bench [-- SCENARIO [ARGS...]]`: runs named benchmark scenarios (all when none is named).
import type { BenchScenario } from './scenario.js'
import { peerSkopeo } from './scenarios/peer-skopeo.js'
import { parse } from './scenarios/parse.js'
import { planK8sio } from './scenarios/plan-k8sio.js'
import { promoteCrossHost } from './scenarios/promote-cross-host.js'
import { promoteNoop } from './scenarios/promote-noop.js'
import { promoteSameHost } from './scenarios/promote-same-host.js'
import { resolve } from './scenarios/resolve.js'
import { signAttest } from './scenarios/sign-attest.js'

const SCENARIOS: BenchScenario[] = [
  planK8sio,
  parse,
  peerSkopeo,
  promoteSameHost,
  promoteCrossHost,
  promoteNoop,
  resolve,
  signAttest
]

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (name === '--help' || name === '-h') {
    for (const s of SCENARIOS) console.log(`${s.name.padEnd(18)} ${s.description}`)
    return 0
  }
  const chosen = name === undefined ? SCENARIOS : SCENARIOS.filter((s) => s.name === name)
  if (chosen.length === 0) {
    console.error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`)
    return 2
  }
  for (const scenario of chosen) await scenario.run(args)
  return 0
}

process.exitCode = await main(process.argv.slice(2))
