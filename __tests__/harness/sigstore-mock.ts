// Loopback HTTP mocks of Fulcio, Rekor (v1), a TSA and a TUF repository serving a trusted root
// built from their keys: real sigstore-js talks real HTTP to them (no interception).
// The building blocks are deep-imported because @sigstore/mock's index loads nock, which patches `http`.
import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fulcioHandler, initializeCA, initializeCTLog } from '@sigstore/mock/dist/fulcio/index.js'
import { initializeTLog, rekorHandler } from '@sigstore/mock/dist/rekor/index.js'
import { initializeTSA, tsaHandler } from '@sigstore/mock/dist/timestamp/index.js'
import { tufHandlers } from '@tufjs/repo-mock/dist/handler.js'
import { initializeTUFRepo } from '@tufjs/repo-mock/dist/repo.js'
import { buildMockTrustedRoot } from './sigstore-trusted-root.js'

type Respond = (body: string) => Promise<{
  statusCode: number
  response: string | ArrayBufferView
  contentType?: string
}>

export interface SigstoreMockStats {
  fulcio: number
  rekor: number
  tsa: number
  tuf: number
}

export interface SigstoreMocks {
  url: string
  fulcioURL: string
  rekorURL: string
  tsaURL: string
  tufMirrorURL: string
  /** A file holding the TUF repository's initial root.json (what `tufRootPath` options want). */
  tufRootPath: string
  /** The trusted root (protobuf JSON) naming the mock CA, CT log, Rekor and TSA. */
  trustedRoot: Record<string, unknown>
  /** A file holding `trustedRoot`, for the `trusted-root` option. */
  trustedRootPath: string
  stats: SigstoreMockStats
  /** An unsigned OIDC token the mock Fulcio accepts; the SAN is `identity`. */
  token: (identity: string, issuer: string) => string
  /**
   * A GitHub Actions OIDC token. As real Fulcio does for the GitHub issuer, the mock puts
   * `https://github.com/<job_workflow_ref>` in the SAN (not `workflow_ref`, which names the caller
   * of a reusable workflow).
   */
  githubToken: (claims: { job_workflow_ref: string; workflow_ref: string }) => string
  stop: () => Promise<void>
}

const hexSha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')

/** Real Rekor stores a proposed dsse entry in a different form; the mock echoes the proposal. */
function storedDsseEntry(body: string): string {
  const entry = JSON.parse(body)
  if (entry.kind !== 'dsse' || !entry.spec?.proposedContent) return body
  const { envelope, verifiers } = entry.spec.proposedContent
  const parsed = JSON.parse(envelope)
  return JSON.stringify({
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: hexSha256(envelope) },
      payloadHash: { algorithm: 'sha256', value: hexSha256(Buffer.from(parsed.payload, 'base64')) },
      signatures: parsed.signatures.map((s: { sig: string }) => ({
        signature: s.sig,
        verifier: verifiers[0]
      }))
    }
  })
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'

/** Fulcio's GitHub rule: the SAN is the issuer's base URL + `job_workflow_ref`. */
function githubSubject(body: string): string {
  const request = JSON.parse(body)
  const token: string = request.credentials?.oidcIdentityToken ?? ''
  const [head, payload] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString() || '{}')
  if (claims.iss !== GITHUB_ISSUER || !claims.job_workflow_ref) return body
  claims.email = `https://github.com/${claims.job_workflow_ref}`
  request.credentials.oidcIdentityToken = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`
  return JSON.stringify(request)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString()))
    req.on('error', reject)
  })
}

export async function startSigstoreMocks(): Promise<SigstoreMocks> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const keyPair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const ctlog = await initializeCTLog(keyPair)
  const ca = await initializeCA(keyPair, ctlog)
  const tlog = await initializeTLog(url, keyPair)
  // The mock TSA writes genTime milliseconds without trailing zeros, which @sigstore/core rejects;
  // pin its clock to whole seconds, rounded up so it is never before the certificate's notBefore.
  const tsaClock = new Date()
  const tsa = await initializeTSA(keyPair, tsaClock)
  const trustedRoot = buildMockTrustedRoot(url, ca, ctlog.publicKey, tlog.publicKey, tsa)
  const repo = initializeTUFRepo([
    { name: 'trusted_root.json', content: JSON.stringify(trustedRoot) }
  ])
  const dir = mkdtempSync(join(tmpdir(), 'sigstore-mock-'))
  const tufRootPath = join(dir, 'root.json')
  writeFileSync(tufRootPath, JSON.stringify(repo.rootMeta.toJSON()))
  const trustedRootPath = join(dir, 'trusted_root.json')
  writeFileSync(trustedRootPath, JSON.stringify(trustedRoot))

  const stats: SigstoreMockStats = { fulcio: 0, rekor: 0, tsa: 0, tuf: 0 }
  const fulcio = fulcioHandler(ca, { strict: true, subjectClaim: 'email' })
  const rekor = rekorHandler(tlog, { strict: true })
  const timestamp = tsaHandler(tsa, { strict: true })
  const post = new Map<string, Respond>([
    [fulcio.path, (b) => ((stats.fulcio += 1), fulcio.fn(githubSubject(b)))],
    [rekor.path, (b) => ((stats.rekor += 1), rekor.fn(storedDsseEntry(b)))],
    [
      timestamp.path,
      (b) => {
        stats.tsa += 1
        tsaClock.setTime(Math.ceil(Date.now() / 1000) * 1000)
        return timestamp.fn(b)
      }
    ]
  ])
  const get = new Map<string, Respond>()
  const tuf = tufHandlers(repo, { metadataPathPrefix: '/tuf', targetPathPrefix: '/tuf/targets' })
  for (const h of tuf) get.set(h.path, async () => ((stats.tuf += 1), h.fn()))

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!
      const handler = (req.method === 'POST' ? post : get).get(path)
      const body = await readBody(req)
      if (!handler) return res.writeHead(404).end()
      try {
        const { statusCode, response, contentType } = await handler(body)
        res.writeHead(statusCode, { 'Content-Type': contentType ?? 'application/octet-stream' })
        res.end(
          typeof response === 'string'
            ? response
            : Buffer.from(response.buffer, response.byteOffset, response.byteLength)
        )
      } catch (error) {
        res.writeHead(500).end(String(error))
      }
    })()
  })

  const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return {
    url,
    fulcioURL: url,
    rekorURL: url,
    tsaURL: url,
    tufMirrorURL: `${url}/tuf`,
    tufRootPath,
    trustedRoot,
    trustedRootPath,
    stats,
    token: (identity, issuer) =>
      `${b64url({ alg: 'none' })}.${b64url({ iss: issuer, sub: identity, email: identity, email_verified: true, aud: 'sigstore', exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
    githubToken: (claims) =>
      `${b64url({ alg: 'none' })}.${b64url({ iss: GITHUB_ISSUER, sub: `repo:${claims.workflow_ref.split('/.github/')[0]}:ref:refs/heads/main`, aud: 'sigstore', exp: Math.floor(Date.now() / 1000) + 3600, repository: claims.workflow_ref.split('/.github/')[0], ...claims })}.`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
