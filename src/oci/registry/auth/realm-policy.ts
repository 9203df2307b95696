// Where a registry's credentials may go. Docker sends a registry's credentials to whatever token
// realm its challenge names; we send them only to a realm on the registry's own host name, on a
// well-known pair (Docker Hub, GitLab.com), or on a host the user allowed. https is enforced by
// withScheme (plain http only to loopback and configured insecure hosts).
import { RegistryError } from '../errors.js'

/** Registries whose token service lives on another host, as their operators publish it. */
const WELL_KNOWN_REALMS: Record<string, string[]> = {
  'registry-1.docker.io': ['auth.docker.io'],
  'registry.gitlab.com': ['gitlab.com']
}

/** Host names (or host:port) the user allows as token realms for any registry. */
export type RealmHosts = readonly string[]

export function realmAllowed(registry: string, realm: URL, allowed: RealmHosts): boolean {
  const registryName = new URL(`https://${registry}`).hostname
  if (realm.hostname === registryName) return true
  if (WELL_KNOWN_REALMS[registryName]?.includes(realm.hostname)) return true
  return allowed.includes(realm.hostname) || allowed.includes(realm.host)
}

/** Throws REALM_REFUSED unless `registry`'s credentials may be sent to `realm`. */
export function checkRealm(registry: string, realm: string, allowed: RealmHosts): URL {
  let url: URL
  try {
    url = new URL(realm)
  } catch {
    throw new RegistryError('INVALID_RESPONSE', `token realm "${realm}" is not a URL`, {
      registry
    })
  }
  if (!realmAllowed(registry, url, allowed))
    throw new RegistryError(
      'REALM_REFUSED',
      `refusing to send the credentials for ${registry} to the token realm on another host, ${url.host}`,
      {
        registry,
        hint: `if ${url.host} is the token service of ${registry}, allow it: action input \`token-realm-hosts: ${url.hostname}\` or CLI flag \`--token-realm-host ${url.hostname}\``
      }
    )
  return url
}
