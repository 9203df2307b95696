// Loads the copied real-world sigstore/cosign interop cases (__tests__/fixtures/sigstore).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { parseTrustedRoot } from '../../src/trust/trust-root.js'

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/sigstore')

export interface FixtureExpect {
  kind: string
  verify: boolean
  identity?: string
  issuer?: string
  trustedRoot: string
  artifact?: string
  imageDigest?: string
  sigTag?: string
  attTag?: string
  subjectDigest?: string
  predicateType?: string
}

export interface FixtureCase {
  name: string
  dir: string
  expect: FixtureExpect
  file: (name: string) => Buffer | undefined
  trustedRoot: () => TrustedRoot
}

export function loadCases(group: 'bundles' | 'cosign-legacy' | 'cosign-att'): FixtureCase[] {
  const root = join(FIXTURES, group)
  return readdirSync(root)
    .sort()
    .map((name) => {
      const dir = join(root, name)
      const expect = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as FixtureExpect
      const rootPath = resolve(dir, expect.trustedRoot)
      return {
        name,
        dir,
        expect,
        file: (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : undefined),
        trustedRoot: () => parseTrustedRoot(readFileSync(rootPath, 'utf8'), rootPath)
      }
    })
}
