import { parseArgv } from './args.js';
import { COMMANDS } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import { MAIN_HELP } from './help.js';
import { UsageError, type CliIo } from './io.js';
import { EditionError } from '../catalog/index.js';
import { KnowledgeDataError } from '../knowledge/index.js';
import { maskUserinfoIn } from '../mask-userinfo.js';
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
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (args.flags.help && (!load || name === 'wizard')) {
      io.stdout.write(MAIN_HELP);
      return EXIT.ok;
    }
    if (!load) {
      const names = Object.keys(COMMANDS).filter((c) => c !== 'wizard');
      throw new UsageError(`Unknown command '${name}'. Commands: ${names.join(', ')}.`);
    }
    const command = await load();
    if (args.flags.help) {
      io.stdout.write(command.help);
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      // Whatever a message quotes back, a URL's password is not shown.
      io.stderr.write(`netreq: ${maskUserinfoIn(error.message)}\n`);
      return EXIT.usage;
    }
    // A field engineer's edit of catalog/knowledge/ that does not validate: the file and what it expected, not a stack.
    if (error instanceof KnowledgeDataError) {
      io.stderr.write(`netreq: ${error.message}\n`);
      return EXIT.usage;
    }
    // --runai-version (or an answers file's versions) that names no edition: what the catalog knows.
    if (error instanceof EditionError) {
      io.stderr.write(`netreq: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
