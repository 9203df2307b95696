import {loadManifests, buildEdges} from '/work/wt/manifest-files/src/manifest/index.ts'
import {manyTags} from '/work/wt/manifest-files/__tests__/manifest/hostile-cases.ts'
import {writeFileSync} from 'node:fs'
import {parseDocument, LineCounter} from 'yaml'
const text = manyTags(200000)
writeFileSync('/tmp/mf/tags.yaml', text)
let t = performance.now()
parseDocument(text, {schema:'failsafe', lineCounter: new LineCounter(), uniqueKeys:false})
console.log('yaml parse', performance.now()-t)
t = performance.now()
const s = await loadManifests({manifest:'/tmp/mf/tags.yaml'})
console.log('load', performance.now()-t)
t = performance.now()
buildEdges(s.manifests)
console.log('edges', performance.now()-t)
