import { spawn, type ChildProcess } from 'node:child_process';
import dns from 'node:dns';
import { isSea } from 'node:sea';

/**
 * getaddrinfo in a helper process of its own. glibc retries a truncated answer over TCP with no
 * deadline of its own, and a libuv thread blocked in it keeps this process from exiting: Node
 * joins its thread pool at exit, process.exit included. In the helper, a lookup that never
 * returns holds only the helper, which dies with its channel (SIGKILL: its own exit would wait
 * on that thread too). Same libc, same /etc files, same answers as a lookup made here.
 */
const HELPER_SOURCE = `
const dns = require('node:dns');
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
process.on('SIGINT', () => undefined);
process.on('message', (m) => {
  dns.lookup(m.host, { all: true, verbatim: true }, (error, addresses) => {
    if (!process.connected) return;
    process.send(error ? { id: m.id, code: error.code || 'ERR_UNKNOWN' } : { id: m.id, addresses });
  });
});
`;

export type HelperAnswer =
  | { readonly ok: true; readonly addresses: readonly { readonly address: string; readonly family: number }[] }
  | { readonly ok: false; readonly code: string };

interface Reply {
  readonly id: number;
  readonly code?: string;
  readonly addresses?: readonly { readonly address: string; readonly family: number }[];
}

let helper: ChildProcess | undefined;
let nextId = 0;
const waiting = new Map<number, (answer: HelperAnswer) => void>();

function failAll(code: string): void {
  const all = [...waiting.values()];
  waiting.clear();
  for (const done of all) done({ ok: false, code });
}

function startHelper(): ChildProcess | undefined {
  // A standalone executable does not take `-e`: it looks up in-process, as Node does.
  if (isSea()) return undefined;
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['-e', HELPER_SOURCE], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { ...process.env, UV_THREADPOOL_SIZE: process.env['UV_THREADPOOL_SIZE'] ?? '64', NODE_OPTIONS: '' },
      serialization: 'json',
    });
  } catch {
    return undefined;
  }
  child.on('message', (message: Reply) => {
    const done = waiting.get(message.id);
    if (!done) return;
    waiting.delete(message.id);
    done(message.addresses ? { ok: true, addresses: message.addresses } : { ok: false, code: message.code ?? 'ERR_UNKNOWN' });
  });
  const gone = (): void => {
    if (helper === child) helper = undefined;
    failAll('ECHILD');
  };
  child.on('error', gone);
  child.on('exit', gone);
  // The helper never keeps this process alive: a pending lookup's deadline timer does, while it matters.
  child.unref();
  child.channel?.unref();
  return child;
}

function inProcess(host: string, done: (answer: HelperAnswer) => void): void {
  dns.lookup(host, { all: true, verbatim: true }, (error, addresses) => {
    done(error ? { ok: false, code: error.code ?? 'ERR_UNKNOWN' } : { ok: true, addresses });
  });
}

/** dns.lookup(host, {all, verbatim}) through the helper; in-process when no helper can run. */
export function helperLookup(host: string, done: (answer: HelperAnswer) => void): void {
  helper ??= startHelper();
  const child = helper;
  if (!child?.connected) {
    inProcess(host, done);
    return;
  }
  const id = nextId++;
  waiting.set(id, done);
  child.send({ id, host }, (error) => {
    if (!error) return;
    waiting.delete(id);
    inProcess(host, done);
  });
}
