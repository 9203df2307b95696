// Cross-repository blob mount (`POST /v2/<repo>/blobs/uploads/?mount=<digest>&from=<repo>`).
// The token must carry pull on the source repository as well as push on the target.
import type { RegistryApi } from './api.js'
import { repositoryScope } from './auth/scopes.js'
import { RegistryError } from './errors.js'
import { cancelUpload, uploadLocation } from './upload.js'

/** true when mounted (201); false when the registry opened an upload session instead (202). */
export async function blobMount(
  api: RegistryApi,
  repo: string,
  digest: string,
  fromRepo: string
): Promise<boolean> {
  const query = new URLSearchParams({ mount: digest, from: fromRepo })
  const request = {
    method: 'POST',
    path: `/v2/${repo}/blobs/uploads/?${query}`,
    buffer: true,
    maxBytes: 64 * 1024,
    scopes: [repositoryScope(repo, 'pull,push'), repositoryScope(fromRepo, 'pull')]
  }
  let response
  try {
    response = await api.expect(request, [201, 202])
  } catch (error) {
    // No pull right on the source: the caller falls back to copying the bytes.
    if (
      error instanceof RegistryError &&
      (error.code === 'UNAUTHORIZED' || error.code === 'DENIED') &&
      repo !== fromRepo
    ) {
      return false
    }
    throw error
  }
  if (response.status === 201) return true
  await cancelUpload(api, uploadLocation(response, api), repo)
  return false
}
