import type { ParsedArgs } from '../args.js';
import type { CliIo } from '../io.js';

/** A subcommand: parses its own flags, returns its exit code, never calls process.exit. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
