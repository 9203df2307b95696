// Small edge builders for plan tests, named after kpromo's edge_test.go vectors.
import type { Edge } from '../../src/manifest/model.js'

export const SRC = 'gcr.io/staging'
export const DST1 = 'us.gcr.io/prod'
export const DST2 = 'eu.gcr.io/prod'

let line = 0

export function edge(
  image: string,
  digest: string,
  tag = '',
  dstRegistry = DST1,
  srcRegistry = SRC
): Edge {
  line++
  return {
    srcRegistry,
    dstRegistry,
    image,
    digest,
    tag,
    position: { file: 'images/a/images.yaml', line, column: 5 }
  }
}
