// A named benchmark scenario. Each prints its own JSON and markdown results.
export interface BenchScenario {
  name: string
  description: string
  run: (args: string[]) => Promise<void>
}
