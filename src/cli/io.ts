import type { Readable, Writable } from 'node:stream';

/** Everything a command may touch of its process, so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: Readable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on Ctrl-C: commands stop at once and report what finished. */
  readonly signal: AbortSignal;
}

/** A usage or input error: printed on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
