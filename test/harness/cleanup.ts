// Last-resort cleanup: whatever a test forgets, or a crash skips, is removed when the process
// exits, and namespaces left by a process that was killed outright are swept on the next run.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export const NS_PREFIX = 'netreq-';
const NAME_RE = /^netreq-(\d+)-\d+$/;

const live = new Map<string, string[]>(); // namespace name -> folders to remove with it

function quiet(cmd: string, args: readonly string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  } catch {
    return '';
  }
}

/** Kills every process inside the namespace, deletes it and its folders. Synchronous on purpose: it runs in 'exit'. */
export function removeNamespaceSync(name: string, folders: readonly string[] = []): void {
  for (let round = 0; round < 3; round++) {
    const pids = quiet('ip', ['netns', 'pids', name])
      .split(/\s+/)
      .filter((p) => /^\d+$/.test(p))
      .map(Number);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    quiet('sleep', ['0.05']);
  }
  quiet('ip', ['netns', 'del', name]);
  rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
  for (const f of folders) rmSync(f, { recursive: true, force: true });
}

export function track(name: string, folders: string[]): void {
  live.set(name, folders);
  installHandlers();
}

export function untrack(name: string): void {
  live.delete(name);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `netreq-PID-N` namespaces whose creating process is gone (killed with SIGKILL, say). */
export function sweepStale(): string[] {
  const swept: string[] = [];
  for (const line of quiet('ip', ['netns', 'list']).split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = NAME_RE.exec(name);
    if (!m || live.has(name)) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidAlive(pid)) continue;
    removeNamespaceSync(name);
    swept.push(name);
  }
  return swept;
}

let installed = false;
function installHandlers(): void {
  if (installed) return;
  installed = true;
  const cleanAll = (): void => {
    for (const [name, folders] of live) removeNamespaceSync(name, folders);
    live.clear();
  };
  process.on('exit', cleanAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      cleanAll();
      process.off(sig, onSignal);
      // Only re-raise when no one else handles it, so vitest's own handling keeps working.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}
