import { parseArgv } from './args.js';
import { COMMANDS } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import { MAIN_HELP } from './help.js';
import { UsageError, type CliIo } from './io.js';
import { VERSION } from '../version.js';

export type { CliIo } from './io.js';
export { UsageError } from './io.js';

/** argv -> exit code. The only caller of process.exit is main.ts. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgv(argv);
    if (args.flags.version) {
      io.stdout.write(`netreq ${VERSION}\n`);
      return EXIT.ok;
    }
    const name = args.command ?? 'wizard';
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (args.flags.help && (!command || name === 'wizard')) {
      io.stdout.write(MAIN_HELP);
      return EXIT.ok;
    }
    if (!command) {
      throw new UsageError(`Unknown command '${name}'. Commands: ${COMMANDS.filter((c) => c.name !== 'wizard').map((c) => c.name).join(', ')}.`);
    }
    if (args.flags.help) {
      io.stdout.write(command.help);
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      io.stderr.write(`netreq: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
