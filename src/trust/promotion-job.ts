// The `job` of a promotion record from the variables the adapters pass in (the domain never reads
// process.env): Prow's JOB_NAME, JOB_TYPE, BUILD_ID and PROW_JOB_ID as kpromo reads them, else a
// GitHub Actions run (workflow name, event, run id and attempt). Undefined outside both.
import type { PromoterInfo, PromotionJob } from './statement.js'

type Env = Readonly<Record<string, string | undefined>>

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T

export function promotionJob(env: Env): PromotionJob | undefined {
  if (env.JOB_NAME)
    return defined({
      name: env.JOB_NAME,
      type: env.JOB_TYPE,
      buildId: env.BUILD_ID,
      prowJobId: env.PROW_JOB_ID
    })
  if (env.GITHUB_RUN_ID)
    return defined({
      name: env.GITHUB_WORKFLOW,
      type: env.GITHUB_EVENT_NAME,
      buildId: env.GITHUB_RUN_ATTEMPT
        ? `${env.GITHUB_RUN_ID}/${env.GITHUB_RUN_ATTEMPT}`
        : env.GITHUB_RUN_ID
    })
  return undefined
}

/** The manifest repository as kpromo writes it: `git+https://<host>/<owner>/<repo>`. */
export function manifestRepositoryUri(env: Env): string | undefined {
  if (!env.GITHUB_REPOSITORY) return undefined
  return `git+${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`
}

/** The promoter's version (a tag or branch) and commit, from the ref it runs at. */
export function promoterInfo(ref: string | undefined): PromoterInfo | undefined {
  if (!ref) return undefined
  return /^[0-9a-f]{40}$/.test(ref) ? { gitCommit: ref } : { version: ref }
}
