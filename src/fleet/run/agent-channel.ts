// The long ssh session running `netreq fleet agent` on a node: requests go down its stdin as JSON
// lines, messages come up its stdout as JSON lines, each bounded and validated. Closing stdin tells
// the agent to stop (and a lost connection does the same on the node's side).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { AGENT_LIMITS, parseAgentLine, type AgentMessage, type AgentRequest } from './agent-protocol.js';
import { boundedCollector, stopChild } from './ssh-process.js';

/** Lines before the agent's first message that are let pass (a login script's chatter). */
const MAX_PREAMBLE_LINES = 100;

export type ChannelEvent =
  | { readonly kind: 'message'; readonly message: AgentMessage }
  | { readonly kind: 'bad'; readonly reason: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'ended'; readonly code: number | null; readonly stderr: string };

export class AgentChannel {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private partial: Buffer[] = [];
  private partialSize = 0;
  private readonly stderr = boundedCollector(AGENT_LIMITS.maxStderrBytes);
  private overflow = false;
  private ended: { code: number | null } | undefined;
  private wake: (() => void) | undefined;
  private heard = false;
  private skipped = 0;

  constructor(program: string, args: readonly string[]) {
    this.child = spawn(program, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => undefined);
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.stderr.add(chunk));
    this.child.on('error', (error: NodeJS.ErrnoException) => {
      this.stderr.add(Buffer.from(`cannot run ${program}: ${error.code ?? error.message}\n`));
      this.finish(null);
    });
    this.child.on('close', (code) => this.finish(code));
  }

  private finish(code: number | null): void {
    this.ended ??= { code };
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private onData(chunk: Buffer): void {
    let rest = chunk;
    for (let nl = rest.indexOf(10); nl >= 0; nl = rest.indexOf(10)) {
      this.partial.push(rest.subarray(0, nl));
      this.lines.push(Buffer.concat(this.partial).toString('utf8'));
      this.partial = [];
      this.partialSize = 0;
      rest = rest.subarray(nl + 1);
    }
    this.partial.push(rest);
    this.partialSize += rest.length;
    if (this.partialSize > AGENT_LIMITS.maxLineBytes) {
      this.overflow = true;
      this.partial = [];
      this.partialSize = 0;
      stopChild(this.child);
    }
    this.notify();
  }

  send(request: AgentRequest): void {
    if (this.ended === undefined && this.child.stdin.writable) this.child.stdin.write(`${JSON.stringify(request)}\n`);
  }

  /** The next thing that happens: a message, a bad line, the end of the session, the deadline or the abort. */
  async next(deadlineMs: number, signal: AbortSignal): Promise<ChannelEvent> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      if (this.overflow) return { kind: 'bad', reason: `the node sent a line longer than ${AGENT_LIMITS.maxLineBytes} bytes` };
      const line = this.lines.shift();
      if (line !== undefined) {
        const parsed = parseAgentLine(line);
        // What a login script prints before the agent starts (a .bashrc's echo) is not the agent's.
        if (parsed instanceof Error && !this.heard && this.skipped < MAX_PREAMBLE_LINES) {
          this.skipped += 1;
          continue;
        }
        if (!(parsed instanceof Error)) this.heard = true;
        return parsed instanceof Error ? { kind: 'bad', reason: parsed.message } : { kind: 'message', message: parsed };
      }
      if (this.ended !== undefined) return { kind: 'ended', code: this.ended.code, stderr: this.stderr.text() };
      if (signal.aborted) return { kind: 'aborted' };
      const left = until - Date.now();
      if (left <= 0) return { kind: 'timeout' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        signal.addEventListener('abort', done, { once: true });
        this.wake = done;
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
    }
  }

  /** Ends the session: stdin closed (the agent stops and deletes its copy), then the process stopped after `graceMs`. */
  async close(graceMs: number): Promise<{ code: number | null; stderr: string }> {
    this.child.stdin.end();
    if (this.ended === undefined) {
      const timer = setTimeout(() => stopChild(this.child, 1_000), graceMs);
      await new Promise<void>((resolve) => {
        if (this.ended !== undefined) resolve();
        else this.child.once('close', () => resolve());
      });
      clearTimeout(timer);
    }
    return { code: this.ended?.code ?? null, stderr: this.stderr.text() };
  }

  /** Kills the session at once (Ctrl-C): the node sees its input end and stops. */
  kill(): void {
    stopChild(this.child, 1_000);
  }
}
