// Runs one docker-registry process: config written, stdout (the access log) and stderr (the
// app log) to files, ready once /v2/ answers; a port taken in the meantime is retried.
import type { ChildProcess } from 'node:child_process'
import { accessSync, closeSync, constants, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HarnessError } from './harness-error.js'
import { httpRequest } from './http.js'
import { BARRIER_MARK } from './access-log.js'
import { freePort } from './ports.js'
import { spawnChild } from './processes.js'
import { registryConfig, type RegistryConfigInputs } from './registry-config.js'

const CANDIDATES = [
  '/usr/bin/docker-registry',
  '/usr/local/bin/docker-registry',
  '/usr/bin/registry'
]
const READY_TIMEOUT_MS = 10_000
const PORT_ATTEMPTS = 3

export interface RegistryProcess {
  child: ChildProcess
  port: number
  accessLogFile: string
  appLogFile: string
  configFile: string
}

/** The docker-registry binary: the first executable of `candidates`. */
export function registryBinary(candidates: string[] = CANDIDATES): string {
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK)
      return path
    } catch {
      // try the next one
    }
  }
  throw new HarnessError(
    'HARNESS_MISSING_TOOL',
    `docker-registry not found (looked in ${candidates.join(', ')})`,
    {
      hint: 'apt-get install docker-registry (or run `npm run ci`, which installs the test dependencies)'
    }
  )
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitReady(
  child: ChildProcess,
  url: string,
  ca: string | undefined
): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false
    try {
      const res = await httpRequest(`${url}/v2/?${BARRIER_MARK}ready`, { ca })
      if (res.status === 200 || res.status === 401) return true
    } catch {
      // not listening yet
    }
    await sleep(10)
  }
  child.kill('SIGTERM')
  throw new HarnessError(
    'HARNESS_START_FAILED',
    `registry at ${url} not ready after ${READY_TIMEOUT_MS} ms`,
    {
      hint: 'the machine may be overloaded; see the registry log'
    }
  )
}

/** Start the registry in `dir` and wait until it serves. */
export async function launchRegistry(
  dir: string,
  config: Omit<RegistryConfigInputs, 'port'>,
  scheme: 'http' | 'https',
  ca: string | undefined,
  ttlSeconds?: number
): Promise<RegistryProcess> {
  const binary = registryBinary()
  const accessLogFile = join(dir, 'access.log')
  const appLogFile = join(dir, 'registry.log')
  const configFile = join(dir, 'config.yml')
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    writeFileSync(configFile, registryConfig({ ...config, port }))
    const out = openSync(accessLogFile, 'a')
    const err = openSync(appLogFile, 'a')
    const child = spawnChild(
      binary,
      ['serve', configFile],
      { stdio: ['ignore', out, err] },
      ttlSeconds
    )
    closeSync(out)
    closeSync(err)
    if (await waitReady(child, `${scheme}://127.0.0.1:${port}`, ca)) {
      return { child, port, accessLogFile, appLogFile, configFile }
    }
    const log = readFileSync(appLogFile, 'utf8')
    if (log.includes('address already in use') && attempt < PORT_ATTEMPTS) continue
    throw new HarnessError(
      'HARNESS_START_FAILED',
      `docker-registry exited during startup: ${log.trim().slice(-800)}`,
      {
        hint: `check the generated config ${configFile}`
      }
    )
  }
}
