// package.json's `engines` says what the runtime dependencies need: sigstore 5 and its family
// (tuf-js, make-fetch-happen, ...) declare the strictest Node range of them all.
import { expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'

const engines = (path: string): string | undefined =>
  (JSON.parse(readFileSync(path, 'utf8')) as { engines?: { node?: string } }).engines?.node

it('engines.node is the strictest range a runtime dependency declares', () => {
  const ours = engines('package.json')
  expect(ours).toBe(engines('node_modules/sigstore/package.json'))
  for (const dep of ['@sigstore/sign', '@sigstore/verify', '@sigstore/tuf', 'tuf-js'])
    expect(engines(`node_modules/${dep}/package.json`)).toBe(ours)
  // The Action's runtime (node24) and the tests' Node (the `node` devDependency) are inside it.
  const nodeDev = (
    JSON.parse(readFileSync('package.json', 'utf8')) as {
      devDependencies: Record<string, string>
    }
  ).devDependencies.node!
  expect(ours).toContain(`^24.`)
  expect(Number(nodeDev.split('.')[1])).toBeGreaterThanOrEqual(
    Number(/\^24\.(\d+)/.exec(ours!)![1])
  )
})
