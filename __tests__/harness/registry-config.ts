// The distribution config the harness runs with: loopback only, deterministic (no storage
// redirects, a fixed http.secret, no upload purging), an access log on stdout, and the auth/TLS
// variant asked for. Never the Debian package's /etc/docker/registry/config.yml.
import { stringify } from 'yaml'

export interface RegistryConfigInputs {
  port: number
  dataDir: string
  tls?: { certFile: string; keyFile: string }
  htpasswdFile?: string
  token?: { realm: string; service: string; issuer: string; certFile: string }
  /** Deep-merged over the generated config. */
  extraConfig?: Record<string, unknown>
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function deepMerge(base: Json, over: Json): Json {
  const merged: Json = { ...base }
  for (const [key, value] of Object.entries(over)) {
    merged[key] = isObject(value) && isObject(base[key]) ? deepMerge(base[key], value) : value
  }
  return merged
}

export function registryConfig(inputs: RegistryConfigInputs): string {
  const http: Json = {
    addr: `127.0.0.1:${inputs.port}`,
    secret: 'image-promoter-harness-secret',
    relativeurls: false,
    headers: { 'X-Content-Type-Options': ['nosniff'] }
  }
  if (inputs.tls) http.tls = { certificate: inputs.tls.certFile, key: inputs.tls.keyFile }
  const config: Json = {
    version: 0.1,
    // App log (stderr) at warn: the access log (stdout) already has one line per request.
    log: { level: 'warn', formatter: 'text', accesslog: { disabled: false } },
    storage: {
      filesystem: { rootdirectory: inputs.dataDir },
      delete: { enabled: true },
      redirect: { disable: true },
      maintenance: { uploadpurging: { enabled: false } }
    },
    http
  }
  if (inputs.htpasswdFile) {
    config.auth = { htpasswd: { realm: 'harness-basic-realm', path: inputs.htpasswdFile } }
  }
  if (inputs.token) {
    const { realm, service, issuer, certFile } = inputs.token
    config.auth = { token: { realm, service, issuer, rootcertbundle: certFile } }
  }
  return stringify(inputs.extraConfig ? deepMerge(config, inputs.extraConfig) : config)
}
