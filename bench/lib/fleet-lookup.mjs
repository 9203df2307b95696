// Preloaded into the planning process by `plan-fleet` (node --import): the fleet's host names
// (FLEET_HOSTS, comma-separated) resolve to the simulator's loopback address (FLEET_ADDRESS), so
// the client speaks to them by their real names (TLS, SNI, per-host limits) without /etc/hosts.
import dns from 'node:dns'

const hosts = new Set((process.env.FLEET_HOSTS ?? '').split(',').filter(Boolean))
const address = process.env.FLEET_ADDRESS ?? '127.0.0.1'
const lookup = dns.lookup

dns.lookup = function fleetLookup(hostname, options, callback) {
  if (!hosts.has(hostname)) return lookup.call(dns, hostname, options, callback)
  const cb = typeof options === 'function' ? options : callback
  const all = typeof options === 'object' && options !== null && options.all
  process.nextTick(() => (all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4)))
}
