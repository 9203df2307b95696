// Registries for a benchmark scenario: started together, stopped however the scenario ends,
// with request counting scoped to the scenario's own work.
import type { AccessLogSummary } from '../../__tests__/harness/access-log.js'
import {
  startRegistry,
  type StartRegistryOptions,
  type TestRegistry
} from '../../__tests__/harness/registry.js'

export type { TestRegistry } from '../../__tests__/harness/registry.js'

/** Start `count` registries, run `fn`, and stop them all even when `fn` throws. */
export async function withRegistries<T>(
  count: number,
  options: StartRegistryOptions,
  fn: (registries: TestRegistry[]) => Promise<T>
): Promise<T> {
  const registries = await Promise.all(Array.from({ length: count }, () => startRegistry(options)))
  try {
    return await fn(registries)
  } finally {
    await Promise.all(registries.map((r) => r.stop()))
  }
}

/** Run `fn` and return the requests it caused on each registry (summed, and per registry). */
export async function countRequests<T>(
  registries: TestRegistry[],
  fn: () => Promise<T>
): Promise<{ result: T; total: number; bytes: number; perRegistry: AccessLogSummary[] }> {
  const marks = await Promise.all(registries.map((r) => r.accessLog.mark()))
  const result = await fn()
  const perRegistry = await Promise.all(registries.map((r, i) => r.accessLog.summary(marks[i])))
  const total = perRegistry.reduce((sum, s) => sum + s.total, 0)
  const bytes = perRegistry.reduce((sum, s) => sum + s.bytes, 0)
  return { result, total, bytes, perRegistry }
}
