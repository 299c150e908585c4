// `netreq fleet agent FOLDER`: what runs on each node of a fleet run, started by the runner's
// wrapper over ssh. It deletes its own copy at once, then answers the runner's JSON lines on stdin
// (open the listener; run the check with these peers) with JSON lines on stdout, and stops when
// its stdin ends: the runner closing it, a Ctrl-C on the installer or a lost connection alike.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import { listenerPorts, loadCatalog, Product } from '../../catalog/index.js';
import { AgentRequest, type AgentMessage } from '../../fleet/index.js';
import { openListener, type Listener } from '../../net/index.js';
import { VERSION } from '../../version.js';
import { parseArgv } from '../args.js';
import { UsageError, type CliIo } from '../io.js';
import { topologyFrom } from '../site-input.js';
import { checkCommand } from './check.js';

const MAX_REPORT_BYTES = 30 * 1024 * 1024;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** The copy the wrapper made: deleted as soon as this process runs from it (it is in memory now). */
function removeCopy(folder: string): void {
  if (!/^netreq-fleet\.[A-Za-z0-9]+$/.test(basename(folder))) return;
  try {
    if (readdirSync(folder).every((name) => name === 'netreq')) rmSync(folder, { recursive: true, force: true });
  } catch {
    // already gone: the wrapper's trap got there first
  }
}

function collector(max: number): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (size < max) chunks.push(chunk.subarray(0, max - size));
      size += chunk.length;
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function openFor(argv: readonly string[], token: string, io: CliIo): Promise<Listener | undefined> {
  const flags = { ...parseArgv(['listen', ...argv]).flags };
  if (flags.product === undefined) flags.product = [...Product.options];
  const plans = listenerPorts(loadCatalog(), topologyFrom(flags, io));
  if (plans.length === 0) return undefined;
  return openListener(plans.map((p) => ({ port: p.port, transport: p.transport })), { token });
}

async function check(argv: readonly string[], io: CliIo, signal: AbortSignal): Promise<AgentMessage> {
  const out = collector(MAX_REPORT_BYTES);
  const err = collector(8 * 1024);
  const stdin = new PassThrough();
  stdin.end();
  try {
    const exit = await checkCommand.run(parseArgv(['check', ...argv, '--format', 'json']), { ...io, stdout: out.stream, stderr: err.stream, stdin, signal });
    const text = out.text();
    if (text.trim() === '') return { t: 'error', message: `check gave no report (exit ${exit}): ${err.text().slice(-2000)}` };
    return { t: 'report', exit, report: JSON.parse(text) as unknown };
  } catch (error: unknown) {
    return { t: 'error', message: error instanceof UsageError ? error.message : `check failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Runs until stdin ends; the exit code says only whether the agent itself worked. */
export async function runFleetAgent(folder: string, io: CliIo): Promise<number> {
  removeCopy(folder);
  const emit = (message: AgentMessage): void => {
    io.stdout.write(`${JSON.stringify(message)}\n`);
  };
  const stop = new AbortController();
  io.signal.addEventListener('abort', () => stop.abort(), { once: true });
  emit({ t: 'started', version: VERSION, root: process.getuid?.() === 0 });
  let listener: Listener | undefined;
  const token = randomBytes(6).toString('hex');
  const work: Promise<void>[] = [];
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.length > MAX_REQUEST_BYTES) break;
      const parsed = AgentRequest.safeParse(JSON.parse(line) as unknown);
      if (!parsed.success) {
        emit({ t: 'error', message: 'the agent got a request it does not know' });
        continue;
      }
      const request = parsed.data;
      if (request.t === 'listen') {
        try {
          listener ??= await openFor(request.argv, token, io);
          emit({
            t: 'listening',
            token,
            opened: (listener?.opened ?? []).map((p) => ({ port: p.port, transport: p.transport })),
            failed: (listener?.failed ?? []).map((p) => ({ port: p.port, transport: p.transport, code: p.code.replace(/[^A-Z0-9_]/g, '_').slice(0, 32) || 'UNKNOWN' })),
          });
        } catch (error: unknown) {
          emit({ t: 'error', message: error instanceof Error ? error.message.slice(0, 3000) : 'listen failed' });
        }
      } else {
        work.push(check(request.argv, io, stop.signal).then(emit));
      }
    }
  } catch {
    // a line that is not JSON: the runner is not talking to us; stop
  } finally {
    stop.abort();
    await Promise.allSettled(work);
    await listener?.close();
  }
  return 0;
}
