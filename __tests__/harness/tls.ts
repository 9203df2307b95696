// A throw-away CA and a server certificate for 127.0.0.1/localhost, made with openssl once per
// test process and shared by every TLS registry it starts (EC keys: generated in milliseconds).
import { execFile } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { HarnessError } from './harness-error.js'
import { removeOnExit } from './processes.js'

const run = promisify(execFile)

export interface TestCertificates {
  caPem: string
  caFile: string
  /** A directory holding only `ca.crt`, as skopeo's `--src-cert-dir`/`--dest-cert-dir` want. */
  certDir: string
  certFile: string
  keyFile: string
}

let made: Promise<TestCertificates> | undefined

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args)
  } catch (error) {
    throw new HarnessError('HARNESS_MISSING_TOOL', `openssl ${args[0]} failed`, {
      hint: 'install openssl (apt-get install openssl, or run `npm run ci`, which installs it)',
      cause: error
    })
  }
}

async function make(): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'harness-tls-'))
  removeOnExit(dir)
  const f = (name: string) => join(dir, name)
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await openssl([
    'req',
    '-x509',
    ...ec,
    '-days',
    '30',
    '-subj',
    '/CN=harness-test-ca',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt')
  ])
  await openssl([
    'req',
    ...ec,
    '-subj',
    '/CN=localhost',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr')
  ])
  // Go rejects CN-only certificates: the SAN must name 127.0.0.1.
  writeFileSync(
    f('ext.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\n' +
      'extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n'
  )
  await openssl([
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('server.crt')
  ])
  const certDir = f('certs.d')
  mkdirSync(certDir)
  copyFileSync(f('ca.crt'), join(certDir, 'ca.crt'))
  return {
    caPem: readFileSync(f('ca.crt'), 'utf8'),
    caFile: f('ca.crt'),
    certDir,
    certFile: f('server.crt'),
    keyFile: f('server.key')
  }
}

/** The process-wide test CA and server certificate (made on first use). */
export function testCertificates(): Promise<TestCertificates> {
  made ??= make()
  return made
}

let signer: Promise<{ certFile: string; keyFile: string }> | undefined

async function makeTokenSigner(): Promise<{ certFile: string; keyFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'harness-token-'))
  removeOnExit(dir)
  const certFile = join(dir, 'token.crt')
  const keyFile = join(dir, 'token.key')
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '30',
    '-subj',
    '/CN=harness-token-signer',
    '-keyout',
    keyFile,
    '-out',
    certFile
  ])
  return { certFile, keyFile }
}

/** The process-wide self-signed RSA certificate and key that sign registry tokens (RS256). */
export function tokenSigner(): Promise<{ certFile: string; keyFile: string }> {
  signer ??= makeTokenSigner()
  return signer
}
