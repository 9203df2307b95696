// Peak memory of the entry points. After each full GC, V8 lets the old space grow to up to about
// four times the live size before collecting again. A registry.k8s.io-sized plan keeps ~170 MB
// live (720,000 edges) while 20,000 registry reads produce garbage, so that headroom alone pushed
// the process past 700 MB. A fixed 30% step keeps the peak near the live size for a few percent
// more CPU (docs/benchmarks.md, plan-k8sio). Unlike the heap limit, this V8 flag is read at every
// GC, so setting it at start-up takes effect.
import { setFlagsFromString } from 'node:v8'

export const HEAP_GROWING_PERCENT = 30

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
