// startRegistry(): a throw-away CNCF distribution 2.8 registry (Debian's docker-registry) on
// loopback for tests and benchmarks: no auth, htpasswd (Basic) or token auth, optionally TLS.
import { mkdirSync, mkdtempSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AccessLog, BARRIER_MARK } from './access-log.js'
import { httpRequest } from './http.js'
import { writeHtpasswd } from './htpasswd.js'
import { forgetScratch, removeOnExit, stopChild } from './processes.js'
import { launchRegistry } from './registry-process.js'
import type { RegistryConfigInputs } from './registry-config.js'
import { testCertificates, tokenSigner } from './tls.js'
import { startTokenServer, type TokenServer } from './token-server.js'

export type RegistryAuth = 'none' | 'htpasswd' | 'token'

export interface StartRegistryOptions {
  /** Default 'none'. */
  auth?: RegistryAuth
  /** Serve https with a test CA (see `caPem`). Default false. */
  tls?: boolean
  /** For htpasswd and token auth. Default 'testuser'. */
  username?: string
  /** For htpasswd and token auth. Default 'testpassword'. */
  password?: string
  /** Deep-merged over the generated distribution config (e.g. `{ log: { level: 'info' } }`). */
  extraConfig?: Record<string, unknown>
  /** Token auth only: grant pull to anonymous token requests. Default false (401). */
  anonymousPull?: boolean
  /** The registry kills itself after this long, even if the test process dies. Default 1800. */
  ttlSeconds?: number
}

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string
  /** `http://127.0.0.1:PORT` or `https://…` */
  url: string
  auth: RegistryAuth
  tls: boolean
  username?: string
  password?: string
  /** The CA that signed the server certificate, when `tls`. */
  caPem?: string
  /** Same CA as a file (for NODE_EXTRA_CA_CERTS, curl --cacert). */
  caFile?: string
  /** A directory holding only `ca.crt` (skopeo --src-cert-dir / --dest-cert-dir). */
  certDir?: string
  /** The token server, when auth is 'token' (its stats count token requests). */
  tokenServer?: TokenServer
  /** Scratch directory: config.yml, data/, access.log, registry.log. Removed by stop(). */
  dataDir: string
  accessLog: AccessLog
  /** PID of the registry's supervisor process (`timeout`, which forwards signals). */
  pid: number
  /** Stops the registry and the token server and removes `dataDir`. Idempotent. */
  stop(): Promise<void>
}

function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir()
}

let barrierCount = 0

export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const auth = options.auth ?? 'none'
  const tls = options.tls ?? false
  const username = options.username ?? 'testuser'
  const password = options.password ?? 'testpassword'
  const dataDir = mkdtempSync(join(scratchRoot(), 'harness-registry-'))
  removeOnExit(dataDir)
  mkdirSync(join(dataDir, 'data'))
  const certs = tls ? await testCertificates() : undefined
  const config: Omit<RegistryConfigInputs, 'port'> = {
    dataDir: join(dataDir, 'data'),
    extraConfig: options.extraConfig,
    tls: certs && { certFile: certs.certFile, keyFile: certs.keyFile }
  }
  let tokenServer: TokenServer | undefined
  if (auth === 'htpasswd') {
    config.htpasswdFile = join(dataDir, 'htpasswd')
    writeHtpasswd(config.htpasswdFile, username, password)
  } else if (auth === 'token') {
    const signer = await tokenSigner()
    tokenServer = await startTokenServer({
      ...signer,
      username,
      password,
      anonymousPull: options.anonymousPull,
      accessLogFile: join(dataDir, 'access.log')
    })
    const { realm, service, issuer } = tokenServer
    config.token = { realm, service, issuer, certFile: signer.certFile }
  }
  const scheme = tls ? 'https' : 'http'
  let proc
  try {
    proc = await launchRegistry(dataDir, config, scheme, certs?.caPem, options.ttlSeconds)
  } catch (error) {
    await tokenServer?.stop()
    throw error
  }
  const { child, port, accessLogFile } = proc
  const url = `${scheme}://127.0.0.1:${port}`
  let stopped: Promise<void> | undefined
  const flush = async () => {
    if (stopped) return
    await httpRequest(`${url}/v2/?${BARRIER_MARK}${++barrierCount}`, { ca: certs?.caPem })
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    auth,
    tls,
    username: auth === 'none' ? undefined : username,
    password: auth === 'none' ? undefined : password,
    caPem: certs?.caPem,
    caFile: certs?.caFile,
    certDir: certs?.certDir,
    tokenServer,
    dataDir,
    accessLog: new AccessLog(accessLogFile, flush),
    pid: child.pid!,
    stop: () => {
      stopped ??= (async () => {
        await stopChild(child)
        await tokenServer?.stop()
        rmSync(dataDir, { recursive: true, force: true })
        forgetScratch(dataDir)
      })()
      return stopped
    }
  }
}
