// htpasswd files for distribution's basic auth. Distribution honours bcrypt entries only; cost 4
// (the minimum) because the registry checks the hash on every request.
import { writeFileSync } from 'node:fs'
import bcrypt from 'bcryptjs'

export const HTPASSWD_BCRYPT_COST = 4

export function writeHtpasswd(path: string, username: string, password: string): void {
  const hash = bcrypt.hashSync(password, HTPASSWD_BCRYPT_COST)
  writeFileSync(path, `${username}:${hash}\n`, { mode: 0o600 })
}
