// What cmsh and kubectl sources share: running the program within bounds, and turning every way it
// can fail into one clear error naming the program. Their output is untrusted: it is parsed and
// validated by the source, and quoted here only as one cleaned, shortened line.
import type { FleetNode } from '../types.js';
import { runCommand, type CommandOutcome, type CommandRunner } from './command-runner.js';

/** A node source that could not give a node list: the program, and why. */
export class NodeSourceError extends Error {
  readonly source: string;

  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'NodeSourceError';
    this.source = source;
  }
}

export interface NodeSourceOptions {
  /** The program's path or name (default: the source's own, looked up in PATH). */
  readonly executable?: string;
  readonly runner?: CommandRunner;
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
  /** The program's environment (PATH, KUBECONFIG, ...); default this process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/** A node list read from a source, with what it left out and why (for the report). */
export interface NodeSourceResult {
  readonly nodes: FleetNode[];
  readonly skipped: { readonly name: string; readonly reason: string }[];
  /** The command that was run, as a person would type it. */
  readonly command: string;
}

/** One line of untrusted text, safe to print: control characters out, at most `max` characters. */
export function quoteLine(text: string, max = 160): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').replace(/\p{Cc}/gu, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}...` : line;
}

/** `cmsh -c 'device; list'` style, for messages and the report. */
export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The program's stdout, or a NodeSourceError saying why there is none. */
export async function sourceOutput(
  source: string,
  request: { file: string; args: readonly string[]; timeoutMs: number; maxOutputBytes: number },
  options: NodeSourceOptions,
  notFound: string,
): Promise<string> {
  const runner = options.runner ?? runCommand;
  const outcome: CommandOutcome = await runner({
    ...request,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const shown = commandLine(request.file, request.args);
  switch (outcome.kind) {
    case 'exited':
      if (outcome.code === 0) return outcome.stdout;
      throw new NodeSourceError(source, `${shown} exited with code ${outcome.code}${outcome.stderr.trim() === '' ? '' : `: ${quoteLine(outcome.stderr)}`}`);
    case 'killed':
      throw new NodeSourceError(source, `${shown} was killed by ${outcome.signal}`);
    case 'not-found':
      throw new NodeSourceError(source, `${request.file} was not found: ${notFound}`);
    case 'not-started':
      throw new NodeSourceError(source, `${request.file} could not be started (${outcome.code})`);
    case 'timed-out':
      throw new NodeSourceError(source, `${shown} did not finish within ${Math.round(request.timeoutMs / 1000)} s (stopped)`);
    case 'too-large':
      throw new NodeSourceError(source, `${shown} printed more than ${request.maxOutputBytes} bytes; netreq reads at most that`);
    case 'aborted':
      throw new NodeSourceError(source, `${shown} was interrupted`);
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
