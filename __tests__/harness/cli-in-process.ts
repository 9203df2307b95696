// The CLI run in this process (src/cli/main.ts) with its output captured, and key files for it:
// what the CLI tests share.
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Run the CLI with `args` in `cwd`; the environment is only `env` (none by default). */
export async function runCli(
  args: string[],
  cwd: string,
  options: Partial<Pick<CliIo, 'env' | 'isTTY' | 'signal'>> = {}
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: options.env ?? {},
    isTTY: options.isTTY,
    signal: options.signal
  })
  return { code, stdout, stderr }
}

/** A fresh P-256 key pair written as `<dir>/<name>.key` (PKCS#8) and `<dir>/<name>.pub` (SPKI). */
export function writeKeyPair(dir: string, name: string): { priv: string; pub: string } {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const priv = join(dir, `${name}.key`)
  const pub = join(dir, `${name}.pub`)
  writeFileSync(priv, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }))
  writeFileSync(pub, keys.publicKey.export({ format: 'pem', type: 'spki' }))
  return { priv, pub }
}
