import { execFileSync, spawnSync } from 'node:child_process';

/** A server of its own: a developer's tmux sessions and this test never meet. */
const SOCKET = ['-L', `netreq-e2e-${process.pid}`];

/** A real terminal: a detached tmux session running one command, read with capture-pane. */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static available(): boolean {
    return spawnSync('tmux', ['-V']).status === 0;
  }

  static start(command: readonly string[], options: { cwd: string; env?: Record<string, string>; width?: number; height?: number }): TmuxSession {
    const name = `netreq-e2e-${process.pid}-${Date.now()}`;
    const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    execFileSync('tmux', [
      ...SOCKET,
      'new-session', '-d', '-s', name, '-x', String(options.width ?? 80), '-y', String(options.height ?? 24), '-c', options.cwd,
      ...env,
      // Keep the pane after the command exits, so its last screen can still be read.
      `${command.map(quote).join(' ')}; echo "[exit $?]"; sleep 600`,
    ]);
    return new TmuxSession(name);
  }

  screen(): string {
    return execFileSync('tmux', [...SOCKET, 'capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  /** One key (tmux key name such as Enter, Down, Escape, C-c) or literal text. */
  send(keys: string, literal = false): void {
    execFileSync('tmux', [...SOCKET, 'send-keys', '-t', this.name, ...(literal ? ['-l'] : []), keys]);
  }

  async waitFor(predicate: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      last = this.screen();
      if (predicate(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for the screen; last screen:\n${last}`);
  }

  close(): void {
    spawnSync('tmux', [...SOCKET, 'kill-session', '-t', this.name]);
  }
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_./=:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
