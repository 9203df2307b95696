// Where things live inside one OCI image-layout directory (image-spec image-layout.md).
import { join } from 'node:path'
import { digestHex, isDigest } from '../digest.js'
import { LayoutError } from './errors.js'

export const OCI_LAYOUT_FILE = 'oci-layout'
export const INDEX_FILE = 'index.json'
export const BLOBS_DIR = 'blobs'
export const IMAGE_LAYOUT_VERSION = '1.0.0'

/** The `blobs/sha256` directory of a layout. */
export function blobDir(dir: string): string {
  return join(dir, BLOBS_DIR, 'sha256')
}

/** The path of a blob; rejects anything but a sha256 digest so no path can escape the layout. */
export function blobPath(dir: string, digest: string): string {
  if (!isDigest(digest)) {
    throw new LayoutError('DIGEST_INVALID', `expected a sha256:<64 hex> digest, got "${digest}"`, {
      dir,
      hint: 'pass digests as sha256:<hex>, as written in the manifest'
    })
  }
  return join(blobDir(dir), digestHex(digest))
}
