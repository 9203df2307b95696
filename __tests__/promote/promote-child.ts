// Child process for the interruption test: promotes the requests described in a JSON file
// (argv[2]) between two registries, one blob stream at a time, so the parent can SIGKILL it
// mid-copy. Prints the result states as JSON when it finishes.
import { readFileSync } from 'node:fs'
import { promote } from '../../src/promote/index.js'
import { newClient } from './registry-requests.js'

export interface ChildJob {
  sourceHost: string
  destinationHost: string
  requests: {
    id: string
    sourceRepo: string
    digest: string
    destinationRepo: string
    tags: string[]
  }[]
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ChildJob
const client = newClient('promote-child')
const [source, destination] = [client.store(job.sourceHost), client.store(job.destinationHost)]
const result = await promote(
  job.requests.map((r) => ({
    id: r.id,
    source: { store: source, repo: r.sourceRepo },
    digest: r.digest,
    destination: { store: destination, repo: r.destinationRepo },
    tags: r.tags
  })),
  { concurrency: 2, streamConcurrency: 1 }
)
await client.close()
process.stdout.write(JSON.stringify(result.results.map((r) => r.state)))
