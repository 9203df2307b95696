// Shared helpers of the manifest tests: fixture paths and a compact view of findings.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadManifests, type ManifestError, type ManifestSet } from '../../src/manifest/index.js'

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/manifests')

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts)
}

/** A finding as `CODE file:line:column`, easy to compare in tables. */
export function at(error: ManifestError): string {
  const { file, line, column } = error.position
  return `${error.code} ${file}:${line}:${column}`
}

export function loadPlain(...parts: string[]): Promise<ManifestSet> {
  return loadManifests({ manifest: fixture(...parts) })
}

export function loadThin(...parts: string[]): Promise<ManifestSet> {
  return loadManifests({ thinManifestDir: fixture(...parts) })
}

export function digestOf(hexDigit: string): string {
  return `sha256:${hexDigit.repeat(64)}`
}
