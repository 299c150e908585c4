// Running another program for a node list (cmsh, kubectl): its argv as given, no shell; a deadline
// after which its whole process group is killed; its output read up to a bound and no further; an
// abort signal. The seam: a command passes its own CommandRunner (a test's, or one that records).
import { spawn } from 'node:child_process';

export interface CommandRequest {
  /** The program: a name looked up in `env.PATH` (or this process's PATH), or a path. */
  readonly file: string;
  readonly args: readonly string[];
  readonly timeoutMs: number;
  /** Bytes of stdout kept; more is `too-large` (stderr keeps its first 4 KiB). */
  readonly maxOutputBytes: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

export type CommandOutcome =
  | { readonly kind: 'exited'; readonly code: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'killed'; readonly signal: string; readonly stderr: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-started'; readonly code: string }
  | { readonly kind: 'timed-out'; readonly stderr: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'aborted' };

export type CommandRunner = (request: CommandRequest) => Promise<CommandOutcome>;

const STDERR_KEPT = 4096;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The real runner: spawn (no shell), its own process group, killed whole at the deadline. */
export const runCommand: CommandRunner = (request) =>
  new Promise((resolve) => {
    if (request.signal?.aborted === true) {
      resolve({ kind: 'aborted' });
      return;
    }
    const child = spawn(request.file, [...request.args], {
      env: { ...(request.env ?? process.env) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let settled: CommandOutcome | undefined;
    const finish = (outcome: CommandOutcome): void => {
      if (settled !== undefined) return;
      settled = outcome;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (outcome.kind !== 'exited' && outcome.kind !== 'killed') {
        killGroup(child.pid);
        child.stdout?.destroy();
        child.stderr?.destroy();
      }
      resolve(outcome);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timed-out', stderr: err }), request.timeoutMs);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > request.maxOutputBytes) finish({ kind: 'too-large' });
      else out.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < STDERR_KEPT) err = (err + chunk.toString('utf8')).slice(0, STDERR_KEPT);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ENOENT' ? { kind: 'not-found' } : { kind: 'not-started', code: error.code ?? 'ERR_SPAWN' });
    });
    child.on('close', (code, signal) => {
      killGroup(child.pid); // helpers it left behind
      if (signal !== null) finish({ kind: 'killed', signal, stderr: err });
      else finish({ kind: 'exited', code: code ?? 0, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
