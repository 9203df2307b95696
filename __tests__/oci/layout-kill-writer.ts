// Child process for the atomicity test: starts a LayoutStore blob write that never finishes and
// says "writing" once bytes are on disk, so the parent can SIGKILL it mid-write.
// Usage: tsx layout-kill-writer.ts <baseDir> <repo> <digest> <size>
import { Readable } from 'node:stream'
import { LayoutStore } from '../../src/oci/layout/index.js'

const [baseDir, repo, digest, size] = process.argv.slice(2) as [string, string, string, string]
let sent = 0
const body = new Readable({
  read() {
    if (sent === 0) setTimeout(() => process.stdout.write('writing\n'), 50)
    // Half the content, then nothing more: the write stays open until the process is killed.
    if (sent < Number(size) / 2) {
      sent += 4096
      this.push(Buffer.alloc(4096, 1))
    }
  }
})
new LayoutStore({ baseDir }).blobPut(repo, digest, Number(size), body).catch((error: unknown) => {
  process.stderr.write(`unexpected: ${String(error)}\n`)
  process.exit(2)
})
