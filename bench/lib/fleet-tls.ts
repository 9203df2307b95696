// A throw-away CA and one server certificate naming every fleet host (openssl, EC keys).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface FleetCertificates {
  dir: string
  caFile: string
  key: string
  cert: string
}

export function fleetCertificates(hosts: readonly string[]): FleetCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-tls-'))
  const f = (name: string) => join(dir, name)
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  ssl(
    'req',
    '-x509',
    ...ec,
    '-days',
    '2',
    '-subj',
    '/CN=bench-fleet-ca',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt')
  )
  ssl('req', ...ec, '-subj', '/CN=bench-fleet', '-keyout', f('server.key'), '-out', f('server.csr'))
  writeFileSync(
    f('ext.cnf'),
    `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\n` +
      'extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n'
  )
  ssl(
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
    '2',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('server.crt')
  )
  return {
    dir,
    caFile: f('ca.crt'),
    key: readFileSync(f('server.key'), 'utf8'),
    cert: readFileSync(f('server.crt'), 'utf8')
  }
}
