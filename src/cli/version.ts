// The CLI's version: package.json's, bundled into the CLI at build time, so a release says what
// it is wherever its files are copied.
import pkg from '../../package.json' with { type: 'json' }

export function cliVersion(): string {
  return pkg.version
}
