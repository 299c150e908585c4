import { PassThrough } from 'node:stream';
import { runCli, type CliIo } from '../../src/cli/index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs netreq in-process in `cwd`, capturing its output. */
export async function netreqIn(cwd: string, ...argv: string[]): Promise<CliRun> {
  return netreqWith({ cwd }, ...argv);
}

export async function netreqWith(options: { cwd: string; signal?: AbortSignal; onStdout?: (text: string) => void }, ...argv: string[]): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => {
    out.push(c);
    options.onStdout?.(c.toString('utf8'));
  });
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: options.cwd, signal: options.signal ?? new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
