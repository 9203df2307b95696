// A loopback emulator of the GitHub Actions cache service v2 (twirp JSON) plus a tiny blob store
// standing in for Azure's signed URLs, so the real @actions/cache runs against it.
// Uploads under 128 MiB are one PUT; downloads from non-Azure hosts are a plain GET.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Entry {
  key: string
  version: string
  blob: string
  finalized: boolean
  created: number
  id: number
}

export interface CacheServiceCall {
  method: string
  payload: Record<string, unknown>
  authorization?: string
}

export interface CacheService {
  /** Value for ACTIONS_RESULTS_URL. */
  url: string
  calls: CacheServiceCall[]
  entries: () => Array<{ key: string; size: number }>
  /** The environment @actions/cache needs to use this service. */
  env: (runnerTemp: string, workspace: string) => Record<string, string>
  stop: () => Promise<void>
}

async function readBody(req: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

export async function startCacheService(): Promise<CacheService> {
  const blobs = new Map<string, Buffer>()
  const entries: Entry[] = []
  const calls: CacheServiceCall[] = []
  let nextId = 1

  const blobServer = createServer(async (req, res) => {
    const body = await readBody(req)
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (req.method === 'PUT') {
      blobs.set(path, body)
      res.writeHead(201, { etag: '"1"', 'last-modified': new Date().toUTCString() }).end()
    } else if (req.method === 'GET' && blobs.has(path)) {
      const blob = blobs.get(path)!
      res.writeHead(200, { 'content-length': blob.length }).end(blob)
    } else res.writeHead(404).end()
  })
  const blobPort = await listen(blobServer)
  const blobPath = (name: string): string => `/devstoreaccount1/cache/${encodeURIComponent(name)}`
  const blobUrl = (name: string): string =>
    `http://127.0.0.1:${blobPort}${blobPath(name)}?sig=test-signature`

  type Handler = (p: Record<string, string | string[] | undefined>) => [number, object]
  const handlers: Record<string, Handler> = {
    CreateCacheEntry: ({ key, version }) => {
      if (entries.some((e) => e.key === key && e.version === version && e.finalized)) {
        return [
          409,
          {
            code: 'already_exists',
            msg: 'cache entry with the same key and version already exists'
          }
        ]
      }
      const blob = `${key}-${version}`
      entries.push({
        key: String(key),
        version: String(version),
        blob,
        finalized: false,
        created: 0,
        id: nextId++
      })
      return [200, { ok: true, signed_upload_url: blobUrl(blob) }]
    },
    FinalizeCacheEntryUpload: ({ key, version }) => {
      const entry = entries.find((e) => e.key === key && e.version === version && !e.finalized)
      if (!entry) return [404, { code: 'not_found', msg: 'no reserved entry' }]
      entry.finalized = true
      entry.created = entry.id // strictly increasing: the newest entry wins a prefix match
      return [200, { ok: true, entry_id: String(entry.id) }]
    },
    GetCacheEntryDownloadURL: ({ key, restore_keys, version }) => {
      const done = entries
        .filter((e) => e.finalized && e.version === version)
        .sort((a, b) => b.created - a.created)
      let hit = done.find((e) => e.key === key)
      for (const prefix of [String(key), ...((restore_keys as string[] | undefined) ?? [])]) {
        if (hit) break
        hit = done.find((e) => e.key.startsWith(prefix))
      }
      if (!hit) return [200, { ok: false }]
      return [200, { ok: true, signed_download_url: blobUrl(hit.blob), matched_key: hit.key }]
    }
  }

  const twirp = createServer(async (req, res) => {
    const body = (await readBody(req)).toString('utf8')
    const match = /\/twirp\/github\.actions\.results\.api\.v1\.CacheService\/(\w+)$/.exec(
      req.url ?? ''
    )
    const send = (status: number, payload: object): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload))
    }
    const handler = match ? handlers[match[1]!] : undefined
    if (req.method !== 'POST' || !match || !handler)
      return send(404, { code: 'bad_route', msg: req.url })
    const payload = JSON.parse(body || '{}') as Record<string, string>
    calls.push({ method: match[1]!, payload, authorization: req.headers.authorization })
    const [status, out] = handler(payload)
    send(status, out)
  })
  const port = await listen(twirp)
  const url = `http://127.0.0.1:${port}/`

  return {
    url,
    calls,
    entries: () =>
      entries
        .filter((e) => e.finalized)
        .map((e) => ({ key: e.key, size: blobs.get(blobPath(e.blob))?.length ?? 0 })),
    env: (runnerTemp, workspace) => ({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: url,
      ACTIONS_RUNTIME_TOKEN: 'test-runtime-token',
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: workspace
    }),
    stop: async () => {
      await Promise.all([twirp, blobServer].map((s) => new Promise((resolve) => s.close(resolve))))
    }
  }
}
