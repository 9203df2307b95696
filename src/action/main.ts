// The Action adapter: reads inputs, runs the pipeline, renders outputs. (Filled by the Action issue.)
import * as core from '@actions/core'

export async function run(): Promise<void> {
  core.setFailed('image-promoter: the GitHub Action is not implemented yet; use the CLI')
}
