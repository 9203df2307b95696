// The promotion record's `job` and repository from the adapters' environment: Prow's variables as
// kpromo reads them (omitted without JOB_NAME), else the GitHub Actions run.
import { describe, expect, it } from '@jest/globals'
import { manifestRepositoryUri, promoterInfo, promotionJob } from '../../src/trust/promotion-job.js'

describe('promotionJob', () => {
  it("reads Prow's JOB_NAME, JOB_TYPE, BUILD_ID, PROW_JOB_ID first", () => {
    expect(
      promotionJob({
        JOB_NAME: 'post-k8sio-image-promo',
        JOB_TYPE: 'postsubmit',
        BUILD_ID: '1968000000000000000',
        PROW_JOB_ID: '0f6d2c4e',
        GITHUB_RUN_ID: '7'
      })
    ).toEqual({
      name: 'post-k8sio-image-promo',
      type: 'postsubmit',
      buildId: '1968000000000000000',
      prowJobId: '0f6d2c4e'
    })
  })

  it('maps a GitHub Actions run: workflow name, event, run id/attempt; nothing outside both', () => {
    expect(
      promotionJob({
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_WORKFLOW: 'promote',
        GITHUB_EVENT_NAME: 'push'
      })
    ).toEqual({ name: 'promote', type: 'push', buildId: '42/2' })
    expect(promotionJob({ JOB_TYPE: 'periodic' })).toBeUndefined()
  })

  it('names the repository as kpromo does, and a commit ref as the promoter commit', () => {
    expect(manifestRepositoryUri({ GITHUB_REPOSITORY: 'kubernetes/k8s.io' })).toBe(
      'git+https://github.com/kubernetes/k8s.io'
    )
    expect(promoterInfo('v1')).toEqual({ version: 'v1' })
    expect(promoterInfo('a'.repeat(40))).toEqual({ gitCommit: 'a'.repeat(40) })
  })
})
