// One ssh child process: no shell, a deadline, the run's abort signal, and bounded output (what a
// node sends is untrusted: it is cut at a limit, never buffered whole whatever its size).
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';

export interface SshProcessOptions {
  readonly program: string;
  readonly args: readonly string[];
  /** Sent on stdin and then closed: a file (the copy) or text; nothing means stdin is closed at once. */
  readonly stdinFile?: string | undefined;
  readonly deadlineMs: number;
  readonly signal: AbortSignal;
  readonly maxStdout: number;
  readonly maxStderr: number;
}

export interface SshProcessResult {
  /** The exit status; null when it was killed (deadline, abort). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** Output beyond maxStdout was dropped. */
  readonly truncated: boolean;
}

/** Stops a child: SIGTERM, then SIGKILL after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 2_000): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, graceMs).unref();
}

/** Collects a stream's text up to `max` bytes; says whether more came. */
export function boundedCollector(max: number): { add(chunk: Buffer): void; text(): string; truncated(): boolean } {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  return {
    add(chunk) {
      if (size >= max) {
        over = true;
        return;
      }
      const part = chunk.subarray(0, max - size);
      if (part.length < chunk.length) over = true;
      chunks.push(part);
      size += part.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
    truncated: () => over,
  };
}

/** Runs ssh to its end, or to the deadline or the abort, whichever comes first. Never rejects for the child's failure. */
export function runSshProcess(options: SshProcessOptions): Promise<SshProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(options.program, [...options.args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = boundedCollector(options.maxStdout);
    const err = boundedCollector(options.maxStderr);
    let timedOut = false;
    let aborted = options.signal.aborted;
    child.stdout.on('data', (chunk: Buffer) => out.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.add(chunk));
    child.stdin.on('error', () => undefined); // a node that closed its end early: its exit status says why
    if (options.stdinFile !== undefined) {
      const file = createReadStream(options.stdinFile);
      file.on('error', () => child.stdin.destroy());
      file.pipe(child.stdin);
    } else {
      child.stdin.end();
    }
    const timer = setTimeout(() => {
      timedOut = true;
      stopChild(child);
    }, options.deadlineMs);
    const onAbort = (): void => {
      aborted = true;
      stopChild(child);
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (aborted) stopChild(child);
    const finish = (code: number | null): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      resolve({ code, stdout: out.text(), stderr: err.text(), timedOut, aborted, truncated: out.truncated() });
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      err.add(Buffer.from(`cannot run ${options.program}: ${error.code ?? error.message}\n`));
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}
