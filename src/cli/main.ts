// Dispatches `image-promoter <command> [flags]` to one module per command under commands/.
import { abortReason } from '../cancel.js'
import { EXIT, type CliCommand, type CliIo } from './io.js'
import { knownSecrets, redactOutput } from '../oci/registry/index.js'
import { validate } from './commands/validate.js'
import { planCommand } from './commands/plan.js'
import { snapshotCommand } from './commands/snapshot.js'
import { runCommand } from './commands/run.js'
import { cipCommand } from './commands/cip.js'
import { verifyCommand } from './commands/verify.js'
import { sigcheckCommand } from './commands/sigcheck.js'
import { prCommand } from './commands/pr.js'
import { cliVersion } from './version.js'

const COMMANDS: CliCommand[] = [
  validate,
  planCommand,
  runCommand,
  snapshotCommand,
  cipCommand,
  verifyCommand,
  sigcheckCommand,
  prCommand
]

function help(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`)
  return `usage: image-promoter <command> [flags]\n\ncommands:\n${lines.join('\n')}\n\nRun 'image-promoter <command> --help' for a command's flags, 'image-promoter --version' for the version.\n`
}

/** The io every command gets: nothing it prints can carry a known secret, in any encoding. */
function redactingIo(io: CliIo): CliIo {
  knownSecrets.add(io.env.SIGSTORE_ID_TOKEN)
  return {
    ...io,
    stdout: (text) => io.stdout(redactOutput(text)),
    stderr: (text) => io.stderr(redactOutput(text))
  }
}

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io = redactingIo(rawIo)
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help())
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`image-promoter ${cliVersion()}\n`)
    return EXIT.ok
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    io.stderr(`image-promoter: unknown command "${name}"\n\n${help()}`)
    return EXIT.usage
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`)
    return EXIT.ok
  }
  const code = await command.run(rest, io)
  // Whatever the command made of it, a run stopped by a signal ends with its own code.
  if (io.signal?.aborted) {
    io.stderr(
      `image-promoter: ${abortReason(io.signal)}: the run stopped before completion; nothing half-written was kept, re-run to finish\n`
    )
    return EXIT.cancelled
  }
  return code
}
