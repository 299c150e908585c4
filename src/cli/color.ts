import type { Flags } from './args.js';
import type { CliIo } from './io.js';

/** Colour on a terminal only: never with --no-color, NO_COLOR, a pipe or TERM=dumb. */
export function useColor(flags: Flags, io: CliIo): boolean {
  return !flags['no-color'] && io.env['NO_COLOR'] === undefined && io.stdout.isTTY === true && io.env['TERM'] !== 'dumb';
}
