/**
 * The floor: every target's exchanges made at once with nothing but Node's own sockets, in a
 * fresh process, as the single file makes them: two DNS questions (A, AAAA) to the site's name
 * server, a TCP connection, the TLS handshake for https, then the request netreq sends (its path,
 * up to the response's head) or, for SSH, the identification lines. No classification, no
 * evidence, no report. The run phase against this is what netreq adds; this against the critical
 * path is what the machine costs. Reads an EngineJob (JSON) from argv[2]; prints {"floorMs": n}.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import dnsPacket from 'dns-packet';
import type { Target } from '../src/diagnose/index.js';
import type { NameServer } from '../src/net/index.js';
import { pathFor } from '../src/probes/http-probe.js';
import type { EngineJob } from './engine-child.js';

export interface FloorResult {
  readonly floorMs: number;
}

const DEADLINE_MS = 5_000;

function ask(server: NameServer, name: string, type: 'A' | 'AAAA', id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.on('message', (message: Buffer) => {
      if (message.readUInt16BE(0) !== id) return;
      socket.close();
      resolve();
    });
    socket.connect(server.port, server.address, () => socket.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] })));
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('error', reject);
    socket.once('connect', () => resolve(socket));
  });
}

function handshake(socket: net.Socket, servername: string, context: tls.SecureContext): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ socket, servername, secureContext: context, ALPNProtocols: ['http/1.1'], rejectUnauthorized: false });
    secure.once('error', reject);
    secure.once('secureConnect', () => {
      secure.getPeerX509Certificate();
      resolve(secure);
    });
  });
}

/** Writes `request`, then waits until the data read holds `until`. */
function exchange(socket: net.Socket, request: string, until: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = '';
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes(until)) resolve();
    });
    socket.write(request);
  });
}

async function checkBare(target: Target, loopbackPort: number, server: NameServer, context: tls.SecureContext, id: number): Promise<void> {
  await Promise.all([ask(server, target.host, 'A', id), ask(server, target.host, 'AAAA', id + 1)]);
  const socket = await connect(loopbackPort);
  try {
    if (target.scheme === 'ssh') return await exchange(socket, 'SSH-2.0-floor\r\n', '\n');
    const stream = target.scheme === 'https' ? await handshake(socket, target.host, context) : socket;
    const path = pathFor({ check: target.check, ...(target.path !== undefined ? { path: target.path } : {}) });
    await exchange(stream, `GET ${path} HTTP/1.1\r\nHost: ${target.host}\r\nUser-Agent: floor\r\nAccept: */*\r\nConnection: close\r\n\r\n`, '\r\n\r\n');
    stream.destroy();
  } finally {
    socket.destroy();
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as EngineJob;
  const server = job.dnsServers[0];
  if (server === undefined) throw new Error('the job names no DNS server');
  const ports = new Map(job.routes.map((r) => [`${r.host}:${r.port}`, r.loopbackPort]));
  const context = tls.createSecureContext({ ca: job.publicCaPem });
  const deadline = setTimeout(() => {
    process.stderr.write(`floor: not done after ${DEADLINE_MS} ms\n`);
    process.exit(1);
  }, DEADLINE_MS);
  const started = performance.now();
  await Promise.all(
    job.targets.map((target, index) => {
      const port = ports.get(`${target.host}:${target.port}`);
      if (port === undefined) throw new Error(`no route for ${target.host}:${target.port}`);
      return checkBare(target, port, server, context, (index * 2) % 65_534);
    }),
  );
  const result: FloorResult = { floorMs: performance.now() - started };
  clearTimeout(deadline);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
