// How hard the plan reads each registry host: reads run in parallel across hosts while each host
// sees at most DEFAULT_HOST_CONCURRENCY requests of the plan at once (a KeyedSemaphore per host;
// the client paces and retries below), over at most REPOSITORIES_PER_HOST repositories at once.

/** Default in-flight plan reads per host (kpromo reads 20 repositories at a time). */
export const DEFAULT_HOST_CONCURRENCY = 20

/**
 * Repositories read at once per host. Starting every repository's reads at once queued one
 * promise per needed reference: without Google's listing a k8s.io plan queued ~720,000 HEADs and
 * its memory grew past 1.4 GB. A few repositories per host still keep the host's pool full.
 */
export const REPOSITORIES_PER_HOST = 32

/**
 * HEADs of one repository in flight or queued at once. Queueing all of them held one pending
 * read (promises, closures) per tag of up to 32 repositories per host, thousands per repository
 * without Google's listing. 16 per repository still keep the host pool full to the last one.
 */
export const HEADS_PER_REPOSITORY = 16
