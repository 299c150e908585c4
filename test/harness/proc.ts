// Child processes for the harness: each in its own process group, so stopping one stops the
// helpers it forked (squid's certgen and auth helpers, sshd's per-connection children).
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';

export interface ExecOptions {
  /** Added to the minimal base environment (the outer machine's proxy variables never leak in). */
  readonly env?: Readonly<Record<string, string>>;
  /** Killed (whole process group, SIGKILL) after this long; the result says `timedOut`. */
  readonly timeoutMs?: number;
  readonly input?: string;
  readonly cwd?: string;
}

export interface ExecResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly timedOut: boolean;
}

export interface SpawnOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface TrackedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  /** Resolves with the output once it matches; rejects on exit or timeout, quoting the output. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The environment every harness child starts from: no proxy, no NODE_OPTIONS, no CI noise. */
export function baseEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? DEFAULT_PATH,
    HOME: process.env['HOME'] ?? '/root',
    LANG: 'C.UTF-8',
  };
  return { ...env, ...extra };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

export function spawnTracked(cmd: string, args: readonly string[], opts: SpawnOptions = {}): TrackedProcess {
  const child = spawnChild(cmd, args, {
    env: baseEnv(opts.env),
    cwd: opts.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    out += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      for (const l of listeners) l();
      resolve({ code, signal });
    });
  });

  const waitForOutput = (pattern: RegExp, timeoutMs = 10_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(out)) {
          done();
          resolve(out);
        } else if (!running) {
          done();
          reject(new Error(`${cmd} exited before printing ${String(pattern)}:\n${out}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${cmd} did not print ${String(pattern)} within ${timeoutMs} ms:\n${out}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const stop = async (graceMs = 3_000): Promise<void> => {
    if (!running) {
      killGroup(pid, 'SIGKILL'); // forked helpers that outlived their parent
      return;
    }
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    killGroup(pid, 'SIGKILL');
  };

  return { pid, child, output: () => out, waitForOutput, exited, isRunning: () => running, stop };
}

export async function execTracked(cmd: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const started = performance.now();
  const child = spawnChild(cmd, args, {
    env: baseEnv(opts.env),
    cwd: opts.cwd,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.on('error', () => undefined);
  child.stdin.end(opts.input ?? '');
  let timedOut = false;
  const timer =
    opts.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
        }, opts.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started), timedOut });
    });
  });
}

/** Runs a setup command and throws, quoting its stderr, unless it exits 0. */
export async function run(cmd: string, args: readonly string[], opts: ExecOptions = {}): Promise<string> {
  const r = await execTracked(cmd, args, { timeoutMs: 15_000, ...opts });
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.timedOut ? 'timed out' : `exit ${r.code}`}): ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}
