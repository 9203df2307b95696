// Route handlers for the hostile server: an honest read API for one image, and the lies the
// hostile-registry scenario tells on top of it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BuiltImage } from '../harness/images.js'
import type { Handler } from './hostile-server.js'

/** Honest answers for `image` in any repository; `lie` may answer first (returns true if it did). */
export function serveImage(
  image: BuiltImage,
  lie: (req: IncomingMessage, res: ServerResponse) => boolean = () => false
): Handler {
  const blobs = new Map([image.config, ...image.layers].map((b) => [b.digest, b]))
  return (req, res) => {
    if (lie(req, res)) return
    const path = new URL(req.url!, 'http://x').pathname
    const manifest = /\/manifests\/(.+)$/.exec(path)
    if (manifest && [image.manifest.digest, 'v1'].includes(decodeURIComponent(manifest[1]!))) {
      res.writeHead(200, {
        'content-type': image.manifest.mediaType,
        'content-length': image.manifest.size,
        'docker-content-digest': image.manifest.digest
      })
      res.end(req.method === 'HEAD' ? undefined : Buffer.from(image.manifest.bytes))
      return
    }
    const blob = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path)
    const found = blob && blobs.get(blob[1]!)
    if (found) {
      res.writeHead(200, { 'content-length': found.size, 'docker-content-digest': found.digest })
      res.end(req.method === 'HEAD' ? undefined : Buffer.from(found.bytes))
      return
    }
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'unknown' }] }))
  }
}

/** Headers, then one byte every `everyMs` for ever: an idle timeout alone never fires. */
export function trickle(res: ServerResponse, declaredSize: number, everyMs: number): void {
  res.writeHead(200, { 'content-length': declaredSize, 'content-type': 'application/octet-stream' })
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer)
    else res.write('x')
  }, everyMs)
  res.on('close', () => clearInterval(timer))
}
