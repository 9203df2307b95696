// Per-host default rates: quota'd services start under their published quotas, other hosts are
// bounded by concurrency only, and flags/inputs (client defaults, host settings) still override.
import { describe, expect, it } from '@jest/globals'
import {
  createHostConfigLookup,
  defaultRequestsPerSecond,
  UNQUOTED_REQUESTS_PER_SECOND
} from '../../../src/oci/registry/host-config.js'

describe('defaultRequestsPerSecond', () => {
  it.each([
    ['us-central1-docker.pkg.dev', 80],
    ['europe-west10-docker.pkg.dev', 80],
    ['gcr.io', 80],
    ['eu.gcr.io', 80],
    ['docker.io', 25],
    ['registry-1.docker.io', 25],
    ['ghcr.io', 50],
    ['quay.io', 50],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', 50],
    ['public.ecr.aws', 50],
    ['myregistry.azurecr.io', 50],
    ['registry.example.com', UNQUOTED_REQUESTS_PER_SECOND],
    ['localhost:5000', UNQUOTED_REQUESTS_PER_SECOND],
    ['127.0.0.1:41234', UNQUOTED_REQUESTS_PER_SECOND],
    // Look-alikes are not the service.
    ['gcr.io.example.com', UNQUOTED_REQUESTS_PER_SECOND],
    ['notghcr.io', UNQUOTED_REQUESTS_PER_SECOND]
  ])('%s -> %d', (host, rate) => {
    expect(defaultRequestsPerSecond(host)).toBe(rate)
  })
})

describe('createHostConfigLookup', () => {
  it('gives each host its default rate when nothing overrides it', () => {
    const lookup = createHostConfigLookup()
    expect(lookup('us-east1-docker.pkg.dev').requestsPerSecond).toBe(80)
    expect(lookup('registry.example.com').requestsPerSecond).toBe(UNQUOTED_REQUESTS_PER_SECOND)
    expect(lookup('registry.example.com').concurrency).toBe(16)
  })

  it('an explicit rate (flag or input) overrides every host; a host setting overrides that', () => {
    const lookup = createHostConfigLookup(
      { requestsPerSecond: 20 },
      { 'gcr.io': { requestsPerSecond: 7 } }
    )
    expect(lookup('us-east1-docker.pkg.dev').requestsPerSecond).toBe(20)
    expect(lookup('registry.example.com').requestsPerSecond).toBe(20)
    expect(lookup('gcr.io').requestsPerSecond).toBe(7)
  })

  it('an undefined setting (an empty input) keeps the default under it', () => {
    const lookup = createHostConfigLookup({ requestsPerSecond: undefined, concurrency: undefined })
    expect(lookup('docker.io').requestsPerSecond).toBe(25)
    expect(lookup('docker.io').concurrency).toBe(16)
  })
})
