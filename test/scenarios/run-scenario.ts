import { PassThrough } from 'node:stream';
import { runCli, type CliIo } from '../../src/cli/index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** An in-process CliIo whose output is collected; `signal` lets a test press Ctrl-C. */
export function captureIo(cwd: string, signal: AbortSignal = new AbortController().signal, env: CliIo['env'] = {}): { io: CliIo; output: () => { stdout: string; stderr: string } } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env, cwd, signal };
  return { io, output: () => ({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }) };
}

/** `netreq ARGV` in this process. */
export async function netreq(cwd: string, argv: readonly string[], signal?: AbortSignal): Promise<CliRun> {
  const { io, output } = captureIo(cwd, signal);
  const code = await runCli(argv, io);
  return { code, ...output() };
}
