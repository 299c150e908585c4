// Child processes of the fleet figure: each timed from spawn to exit, in its own process group (so
// that the deadline or a stop ends ssh, pdsh and whatever they started), its output bounded.
import { spawn } from 'node:child_process';

export interface TimedResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface TimedOptions {
  readonly deadlineMs: number;
  /** Added to the minimal environment (PATH, HOME, LANG, NO_COLOR): no proxy or NODE_OPTIONS leaks in. */
  readonly env?: Readonly<Record<string, string>>;
  /** Each chunk of stdout as it arrives (a listener's token lines). */
  readonly onStdout?: (text: string) => void;
  /** Bytes kept of stdout and of stderr each; the rest is counted and dropped. */
  readonly maxBytes?: number;
}

export interface TimedProcess {
  readonly done: Promise<TimedResult>;
  /** SIGTERM to the group, SIGKILL a second later. */
  stop(): void;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export function minimalEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C.UTF-8', NO_COLOR: '1', ...extra };
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

function collector(max: number): { add(chunk: Buffer): void; text(): string } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk) {
      if (size < max) chunks.push(chunk.subarray(0, max - size));
      size += chunk.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

export function startTimed(cmd: string, args: readonly string[], options: TimedOptions): TimedProcess {
  const started = performance.now();
  const child = spawn(cmd, [...args], { env: minimalEnv(options.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = collector(options.maxBytes ?? DEFAULT_MAX_BYTES);
  const err = collector(options.maxBytes ?? DEFAULT_MAX_BYTES);
  child.stdout.on('data', (chunk: Buffer) => {
    out.add(chunk);
    options.onStdout?.(chunk.toString('utf8'));
  });
  child.stderr.on('data', (chunk: Buffer) => err.add(chunk));
  let timedOut = false;
  let settled = false;
  let killer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (settled) return;
    signalGroup(child.pid, 'SIGTERM');
    killer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 1_000);
  };
  const deadline = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.deadlineMs);
  const done = new Promise<TimedResult>((resolve) => {
    const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      const wallMs = performance.now() - started;
      clearTimeout(deadline);
      clearTimeout(killer);
      signalGroup(child.pid, 'SIGKILL'); // whatever it left behind in its group
      resolve({ code, signal, wallMs, stdout: out.text(), stderr: err.text(), timedOut });
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      err.add(Buffer.from(`cannot run ${cmd}: ${error.code ?? error.message}\n`));
      settle(null, null);
    });
    child.once('close', settle);
  });
  return { done, stop };
}

export function runTimed(cmd: string, args: readonly string[], options: TimedOptions): Promise<TimedResult> {
  return startTimed(cmd, args, options).done;
}

/** `ip netns exec NS CMD ARGS`. */
export function inNamespace(ns: string, cmd: string, args: readonly string[]): [string, string[]] {
  return ['ip', ['netns', 'exec', ns, cmd, ...args]];
}

/** A result's last words, for an error message. */
export function tail(result: TimedResult): string {
  const words = `${result.stderr}\n${result.stdout}`.trim();
  return `${result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`}: ${words.slice(-1500)}`;
}
