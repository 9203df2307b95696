// The OCI 1.1 referrers API emulated in the fault proxy, for distribution 2.8 which lacks it:
// manifests pushed through the proxy with a `subject` are remembered (in memory) and answered
// with `OCI-Subject`; GET/HEAD /v2/<name>/referrers/<digest> lists them as an OCI index.
import type { ServerResponse } from 'node:http'
import type { Descriptor } from '../../src/oci/store.js'

const REFERRERS = /^\/v2\/(.+)\/referrers\/(sha256:[0-9a-f]{64})$/
export const MANIFEST_PATH = /^\/v2\/(.+)\/manifests\/([^/]+)$/

interface PushedManifest {
  mediaType?: string
  artifactType?: string
  config?: { mediaType?: string }
  subject?: { digest?: string }
  annotations?: Record<string, string>
}

export class ReferrersEmulation {
  /** `${repository}@${subject}` -> digest -> descriptor */
  private readonly bySubject = new Map<string, Map<string, Descriptor>>()

  /** Serve a referrers request; false when `pathname` is not one. */
  serve(method: string, url: URL, res: ServerResponse): boolean {
    const match = REFERRERS.exec(url.pathname)
    if (!match || (method !== 'GET' && method !== 'HEAD')) return false
    let manifests = [...(this.bySubject.get(`${match[1]}@${match[2]}`)?.values() ?? [])]
    const headers: Record<string, string> = {
      'Content-Type': 'application/vnd.oci.image.index.v1+json'
    }
    const artifactType = url.searchParams.get('artifactType')
    if (artifactType !== null) {
      manifests = manifests.filter((d) => d.artifactType === artifactType)
      headers['OCI-Filters-Applied'] = 'artifactType'
    }
    const body = JSON.stringify({ schemaVersion: 2, mediaType: headers['Content-Type'], manifests })
    res.writeHead(200, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) })
    res.end(method === 'HEAD' ? undefined : body)
    return true
  }

  /** Record a manifest the registry accepted; returns its subject digest, if it has one. */
  recordPut(
    repository: string,
    body: Buffer,
    digest: string,
    contentType?: string
  ): string | undefined {
    let doc: PushedManifest
    try {
      doc = JSON.parse(body.toString('utf8')) as PushedManifest
    } catch {
      return undefined
    }
    const subject = doc.subject?.digest
    if (!subject) return undefined
    const key = `${repository}@${subject}`
    const descriptor: Descriptor = {
      mediaType: doc.mediaType ?? contentType ?? 'application/vnd.oci.image.manifest.v1+json',
      digest,
      size: body.length,
      artifactType: doc.artifactType ?? doc.config?.mediaType
    }
    if (doc.annotations) descriptor.annotations = doc.annotations
    if (!this.bySubject.has(key)) this.bySubject.set(key, new Map())
    this.bySubject.get(key)!.set(digest, descriptor)
    return subject
  }

  /** Forget a manifest deleted by digest. */
  recordDelete(repository: string, digest: string): void {
    for (const [key, entries] of this.bySubject)
      if (key.startsWith(`${repository}@`)) entries.delete(digest)
  }
}
