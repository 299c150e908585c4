import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNetwork,
  echoReply,
  echoRequest,
  greetingLine,
  openListener,
  parseEchoReply,
  parseEchoRequest,
  parseGreeting,
  type Listener,
} from '../../src/net/index.js';
import { probeGreeting } from '../../src/probes/index.js';

const HOST = '127.0.0.1';
const network = createNetwork({ systemCaPath: null });
const deadline = (timeoutMs = 2_000): { signal: AbortSignal; timeoutMs: number } => ({ signal: new AbortController().signal, timeoutMs });
const open: Listener[] = [];
const servers: net.Server[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((done) => s.close(() => done()))));
});

async function listen(ports: { port: number; transport: 'tcp' | 'udp' }[], token = 'tok3n1'): Promise<Listener> {
  const listener = await openListener(ports, { token, host: HOST });
  open.push(listener);
  return listener;
}

function portOf(listener: Listener, transport: 'tcp' | 'udp'): number {
  const found = listener.opened.find((o) => o.transport === transport);
  if (!found) throw new Error(`no ${transport} port opened`);
  return found.port;
}

describe('the listener protocol', () => {
  it('round-trips a greeting and an echo', () => {
    expect(parseGreeting(greetingLine('abc123', 6443))).toEqual({ token: 'abc123', port: 6443 });
    const request = echoRequest('n0nce1');
    expect(parseEchoRequest(request)).toBe('n0nce1');
    const reply = echoReply('n0nce1', 'abc123', 8472);
    expect(reply.length).toBeLessThanOrEqual(request.length);
    expect(parseEchoReply(reply, 'n0nce1')).toEqual({ token: 'abc123', port: 8472 });
    expect(parseEchoReply(reply, 'other1')).toBeUndefined();
  });

  it.each(['SSH-2.0-OpenSSH_9.2\r\n', 'NETREQ-LISTEN 1 x 1\r\n', 'NETREQ-LISTEN 1 abc123 notaport\r\n', ''])('is not fooled by %j', (text) => {
    expect(parseGreeting(text)).toBeUndefined();
  });
});

describe('openListener with probeGreeting', () => {
  it('greets a TCP peer with its token and answers a UDP echo', async () => {
    const listener = await listen([{ port: 0, transport: 'tcp' }, { port: 0, transport: 'udp' }]);
    expect(listener.failed).toEqual([]);
    const tcp = await probeGreeting(network, { addresses: [HOST], port: portOf(listener, 'tcp'), transport: 'tcp', expectedToken: 'tok3n1' }, deadline());
    expect(tcp).toMatchObject({ ok: true, outcome: 'greeting', evidence: { listenerId: 'tok3n1', expectedListenerId: 'tok3n1', answeredPort: portOf(listener, 'tcp'), source: HOST } });
    const udp = await probeGreeting(network, { addresses: [HOST], port: portOf(listener, 'udp'), transport: 'udp' }, deadline());
    expect(udp).toMatchObject({ ok: true, outcome: 'echo', evidence: { listenerId: 'tok3n1', transport: 'udp' } });
  });

  it('field-ready 15: 300 idle connections from a scanner, trickling bytes, do not make the port look taken', async () => {
    const listener = await listen([{ port: 0, transport: 'tcp' }]);
    const port = portOf(listener, 'tcp');
    const scanner: net.Socket[] = [];
    const settled: Promise<void>[] = [];
    const closed: Promise<void>[] = [];
    for (let i = 0; i < 300; i += 1) {
      const socket = net.connect({ host: HOST, port });
      socket.on('error', () => undefined);
      // Never reads what it is sent (paused), never closes: a port scanner left holding connections.
      socket.pause();
      scanner.push(socket);
      // Accepted by the listener: greeted (the `readable` of a paused socket) or closed at once.
      settled.push(new Promise<void>((done) => {
        socket.once('readable', () => done());
        socket.once('close', () => done());
      }));
      closed.push(new Promise<void>((done) => socket.once('close', () => done())));
    }
    await Promise.all(settled);
    const trickle = setInterval(() => {
      for (const socket of scanner) if (!socket.destroyed) socket.write('x');
    }, 200);
    try {
      const step = await probeGreeting(network, { addresses: [HOST], port, transport: 'tcp', expectedToken: 'tok3n1' }, deadline());
      expect(step).toMatchObject({ ok: true, outcome: 'greeting', evidence: { listenerId: 'tok3n1' } });
      // Trickled bytes never keep a connection: every one of the scanner's is cut at its deadline.
      await Promise.all(closed);
    } finally {
      clearInterval(trickle);
      for (const socket of scanner) socket.destroy();
    }
  }, 30_000);

  it('reports a port already in use with EADDRINUSE, never throws', async () => {
    const server = net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.2\r\n'));
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, HOST, done));
    const busy = (server.address() as net.AddressInfo).port;
    const listener = await listen([{ port: busy, transport: 'tcp' }, { port: 0, transport: 'tcp' }]);
    expect(listener.failed).toEqual([{ port: busy, transport: 'tcp', code: 'EADDRINUSE' }]);
    expect(listener.opened).toHaveLength(1);
    // The service holding the port is what a check then reaches.
    const step = await probeGreeting(network, { addresses: [HOST], port: busy, transport: 'tcp' }, deadline());
    expect(step).toMatchObject({ ok: false, outcome: 'other', evidence: { protocol: 'ssh' } });
  });

  it('sees a silent service and a closed port for what they are', async () => {
    const silent = net.createServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((done) => silent.listen(0, HOST, done));
    const port = (silent.address() as net.AddressInfo).port;
    const quiet = await probeGreeting(network, { addresses: [HOST], port, transport: 'tcp' }, deadline(300));
    expect(quiet.outcome).toBe('silent');
    const listener = await listen([{ port: 0, transport: 'tcp' }]);
    const closedPort = portOf(listener, 'tcp');
    await listener.close();
    open.splice(0);
    const refused = await probeGreeting(network, { addresses: [HOST], port: closedPort, transport: 'tcp' }, deadline());
    expect(refused).toMatchObject({ ok: false, outcome: 'refused', code: 'ECONNREFUSED', evidence: { source: HOST } });
  });

  it('answers no UDP request that is malformed or smaller than its reply (no amplification)', async () => {
    const listener = await listen([{ port: 0, transport: 'udp' }]);
    const port = portOf(listener, 'udp');
    const client = dgram.createSocket('udp4');
    const replies: Buffer[] = [];
    client.on('message', (m) => replies.push(m));
    await new Promise<void>((done) => client.bind(0, HOST, done));
    for (const payload of ['NETREQ-ECHO 1 abcd', 'hello', 'NETREQ-ECHO 1 !!!! padding padding padding padding padding padding']) {
      await new Promise<void>((done) => client.send(payload, port, HOST, () => done()));
    }
    const good = echoRequest('abcd1234');
    await new Promise<void>((done) => client.send(good, port, HOST, () => done()));
    await new Promise((r) => setTimeout(r, 200));
    client.close();
    expect(replies.map((r) => r.toString())).toEqual([echoReply('abcd1234', 'tok3n1', port)]);
  });

  it('gets no echo from a UDP port nobody holds: ICMP port unreachable is refused', async () => {
    const listener = await listen([{ port: 0, transport: 'udp' }]);
    const port = portOf(listener, 'udp');
    await listener.close();
    open.splice(0);
    const step = await probeGreeting(network, { addresses: [HOST], port, transport: 'udp' }, deadline(900));
    expect(step).toMatchObject({ ok: false, outcome: 'refused', code: 'ECONNREFUSED' });
  });
});
